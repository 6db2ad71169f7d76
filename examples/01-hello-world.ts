// 01. Hello, world: a coroutine that sleeps
// Teaches: `asyncio.run(main())` creates an event loop, runs the coroutine
// `main` on it until it finishes, and closes the loop. At `await
// asyncio.sleep(1)` the coroutine gives control back to the loop, which
// wakes it a second later: it prints hello, waits a second, prints world.

/*--- Python, from the article ---
#  Need python3.7+
import asyncio


async def main():
    print('hello')
    await asyncio.sleep(1)
    print('world')

asyncio.run(main())

#  Print  "hello" , wait  1  Seconds, and then print  "world"
---*/

// `async def` is written `asyncio.coroutine(async function ...)`: like a
// Python coroutine, calling `main()` then only creates a coroutine object, and
// its body starts when the loop runs it. (A bare `async function` would start
// its body at once, before `asyncio.run` has made a loop; examples 07 and 09
// use those, and they work too.) Python's `asyncio.run(...)` blocks until the
// program is done; in TypeScript it returns a promise to await.

import * as asyncio from "asyncio-ts";
import { startLoopTimer } from "./lib/loop-time.js";

const main = asyncio.coroutine(async function main(): Promise<void> {
  const showLoopTime = startLoopTimer(); // not in the article
  console.log("hello");
  await asyncio.sleep(1);
  console.log("world");
  showLoopTime(); // not in the article: "(loop time: 1 s)"
});

await asyncio.run(main());

// Prints "hello", waits 1 second, and then prints "world".
