// 06. The @asyncio.coroutine decorator: generator-based coroutines
// Teaches: before `async`/`await`, a coroutine was a generator that waited
// with `yield from`. Two of them run as tasks on one loop: while func1 sleeps,
// func2 runs, so the output is 1 3 2 4 and the whole run takes two seconds,
// not four.

/*--- Python, from the article ---
import asyncio

@asyncio.coroutine
def func1():
    print(1)
    yield from asyncio.sleep(2)  #  Encounter IO Time-consuming operation, automatically switching to tasks Other tasks in, such as: network IO Download pictures
    print(2)

@asyncio.coroutine
def func2():
    print(3)
    yield from asyncio.sleep(2)  #  Encounter IO Time-consuming operation, automatically switching to tasks Other tasks in, such as: network IO Download pictures
    print(4)

tasks = [
    asyncio.ensure_future(func1()),
    asyncio.ensure_future(func2())
]
loop = asyncio.get_event_loop()
loop.run_until_complete(asyncio.wait(tasks))

#  Results:  1 3 2 4
---*/

// `@asyncio.coroutine` was deprecated in Python 3.8 and removed in 3.11; the
// program above runs on Python 3.10 and older. In TypeScript the decorator is
// a function wrapping a `function*`, and `yield from` is `yield*`: the same
// generator machinery as example 05, now driven by the event loop. At
// `yield* asyncio.sleep(2)` the generator hands the loop a future that
// completes two seconds later, and the loop runs the other task meanwhile.
// `loop.run_until_complete(...)` blocks in Python; here it returns a promise.

import * as asyncio from "asyncio-ts";
import { startLoopTimer } from "./lib/loop-time.js";

const func1 = asyncio.coroutine(function* func1() {
  console.log(1);
  yield* asyncio.sleep(2); // An I/O wait: the loop switches to the other tasks, e.g. downloading pictures
  console.log(2);
});

const func2 = asyncio.coroutine(function* func2() {
  console.log(3);
  yield* asyncio.sleep(2); // An I/O wait: the loop switches to the other tasks, e.g. downloading pictures
  console.log(4);
});

const tasks = [asyncio.ensureFuture(func1()), asyncio.ensureFuture(func2())];
const loop = asyncio.getEventLoop();
const showLoopTime = startLoopTimer(loop); // not in the article
await loop.runUntilComplete(asyncio.wait(tasks));
showLoopTime(); // not in the article: "(loop time: 2 s)"

// Results: 1 3 2 4
