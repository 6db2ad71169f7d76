// 02. Calling a coroutine without running it
// Teaches: calling a coroutine function only creates a coroutine object;
// nothing in its body runs until an event loop runs it (or something awaits
// it). Here `main()` is called and dropped, so hello is never printed, and
// the library warns about it, as Python does.

/*--- Python, from the article ---
# Example 01's program, with asyncio.run(main()) replaced by a bare call:
main()

# The article: "A direct main () call is problematic:"

RuntimeWarning: coroutine 'main' was never awaited
  main()
RuntimeWarning: Enable tracemalloc to get the object allocation traceback
---*/

// The article gives only the warning. The full program is example 01 with
// the bare call; CPython 3.13 then writes this to standard error, when the
// coroutine object is garbage-collected:
//
//   /path/to/program.py:9: RuntimeWarning: coroutine 'main' was never awaited
//     main()
//   RuntimeWarning: Enable tracemalloc to get the object allocation traceback
//
// JavaScript has no destructor to notice a dropped object at a precise
// moment, so asyncio-ts reports coroutine objects from `asyncio.coroutine`
// that never started at the latest when the process exits, on standard error:
//
//   RuntimeWarning: coroutine 'main' was never awaited
//
// A bare `async function` cannot be reproduced this way: calling it already
// runs its body up to the first `await`, so it is never "not started".
// TypeScript's linter catches the mistake before any of this: the line below
// needs the no-floating-promises rule switched off to be written at all.

import * as asyncio from "asyncio-ts";

const main = asyncio.coroutine(async function main(): Promise<void> {
  console.log("hello");
  await asyncio.sleep(1);
  console.log("world");
});

// eslint-disable-next-line @typescript-eslint/no-floating-promises -- the mistake this example shows
main();
