// Twin of py/03-sleep-same-deadline.py, async function spelling.
import * as asyncio from "asyncio-ts";

export default async function program(print: (line: string) => void): Promise<void> {
  async function sleeper(name: string, delay: number) {
    await asyncio.sleep(delay);
    print(`${name} woke`);
  }

  // Lazy like `async def`: main touches the loop before its first await.
  const main = asyncio.coroutine(async function () {
    const loop = asyncio.getRunningLoop();
    loop.callLater(0.05, print, "timer x");
    loop.callLater(0.05, print, "timer y");
    loop.callLater(0.05, print, "timer z");
    await asyncio.sleep(0.1);
    print("main: after sleep(0.1)");

    const tasks = ["a", "b", "c"].map((name) => asyncio.createTask(sleeper(name, 0.05)));
    await asyncio.gather(...tasks);
    print("main: sleepers done");

    loop.callSoon(print, "soon 1");
    loop.callLater(-1, print, "later -1");
    loop.callLater(-2, print, "later -2");
    loop.callLater(0, print, "later 0");
    loop.callSoon(print, "soon 2");
    await asyncio.sleep(0);
    print("main: after sleep(0)");

    await asyncio.sleep(-5);
    print("main: sleep(-5) returned after one iteration");
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
