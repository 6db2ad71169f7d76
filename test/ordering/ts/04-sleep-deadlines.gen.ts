// Twin of py/04-sleep-deadlines.py, generator spelling.
import * as asyncio from "asyncio-ts";

export default async function program(print: (line: string) => void): Promise<void> {
  function* sleeper(name: string, delay: number) {
    print(`${name} sleeps ${delay.toFixed(1)}`);
    const value = yield* asyncio.sleep(delay, `${name}-result`);
    print(`${name} woke with ${value}`);
    return value;
  }

  function* main() {
    const loop = asyncio.getRunningLoop();
    const start = loop.time();
    const tasks = [
      asyncio.createTask(sleeper("slow", 0.3)),
      asyncio.createTask(sleeper("fast", 0.1)),
      asyncio.createTask(sleeper("medium", 0.2)),
    ];
    for (const t of tasks) {
      yield* t;
      print(`main: awaited ${t.result()} at +${(loop.time() - start).toFixed(1)}`);
    }
  }

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
