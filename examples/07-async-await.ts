// 07. The `async` and `await` keywords
// Teaches: the same program as example 06 with the keywords Python 3.5
// introduced: `async def` makes a coroutine and `await` waits. Still 1 3 2 4
// in two seconds: both tasks sleep at the same time.

/*--- Python, from the article ---
import asyncio


async def func1():
    print(1)
    await asyncio.sleep(2)  #  Encounter IO Time-consuming operation, automatically switching to tasks Other tasks in, such as: network IO Download pictures
    print(2)


async def func2():
    print(3)
    await asyncio.sleep(2)  #  Encounter IO Time-consuming operation, automatically switching to tasks Other tasks in, such as: network IO Download pictures
    print(4)

tasks = [
    asyncio.ensure_future(func1()),
    asyncio.ensure_future(func2())
]
loop = asyncio.get_event_loop()
loop.run_until_complete(asyncio.wait(tasks))
---*/

// Here the coroutines are plain `async function`s, the way TypeScript is
// usually written. One difference from Python: JavaScript starts an async
// function's body as soon as it is called, so `func1()` prints 1 right away,
// before `ensureFuture` wraps it in a task, where Python would print it when
// the loop first runs the task. The order of the output is the same, and so
// is the run time: both sleeps are in flight together.

import * as asyncio from "asyncio-ts";
import { startLoopTimer } from "./lib/loop-time.js";

async function func1(): Promise<void> {
  console.log(1);
  await asyncio.sleep(2); // An I/O wait: the loop switches to the other tasks, e.g. downloading pictures
  console.log(2);
}

async function func2(): Promise<void> {
  console.log(3);
  await asyncio.sleep(2); // An I/O wait: the loop switches to the other tasks, e.g. downloading pictures
  console.log(4);
}

const tasks = [asyncio.ensureFuture(func1()), asyncio.ensureFuture(func2())];
const loop = asyncio.getEventLoop();
const showLoopTime = startLoopTimer(loop); // not in the article
await loop.runUntilComplete(asyncio.wait(tasks));
showLoopTime(); // not in the article: "(loop time: 2 s)"

// Results: 1 3 2 4
