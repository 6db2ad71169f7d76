// Twin of py/02-sleep-zero.py, generator spelling.
import * as asyncio from "asyncio-ts";

export default async function program(print: (line: string) => void): Promise<void> {
  function* main() {
    const loop = asyncio.getRunningLoop();
    loop.callSoon(print, "callback 1");
    print("main: before sleep(0)");
    yield* asyncio.sleep(0);
    print("main: after sleep(0)");

    loop.callSoon(print, "callback 2");
    loop.callSoon(() => loop.callSoon(print, "callback queued by a callback"));
    yield* asyncio.sleep(0);
    print("main: after second sleep(0)");
    yield* asyncio.sleep(0);
    print("main: after third sleep(0)");

    for (let i = 0; i < 3; i++) {
      loop.callSoon(print, `round ${i}: callback`);
      yield* asyncio.sleep(0);
      print(`round ${i}: main resumed`);
    }
  }

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
