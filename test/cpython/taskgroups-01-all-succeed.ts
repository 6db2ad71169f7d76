// Twin of taskgroups-01-all-succeed.py (generator spelling).
import * as asyncio from "asyncio-ts";

export default async function program(print: (line: string) => void): Promise<void> {
  const main = asyncio.coroutine(function* main() {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const now = (): string => (loop.time() - t0).toFixed(1);

    const child = asyncio.coroutine(function* child(name: string, delay: number) {
      yield* asyncio.sleep(delay);
      print(`${now()} ${name} done`);
      return name.toUpperCase();
    });

    const spawner = asyncio.coroutine(function* spawner(tg: asyncio.TaskGroup) {
      yield* asyncio.sleep(0.1);
      void tg.createTask(child("grandchild", 0.4));
      return "SPAWNER";
    });

    let a!: asyncio.Task<string>;
    let b!: asyncio.Task<string>;
    let s!: asyncio.Task<string>;
    yield* asyncio.asyncWith(new asyncio.TaskGroup(), function* (tg) {
      a = tg.createTask(child("a", 0.2), { name: "first" });
      s = tg.createTask(spawner(tg));
      yield* asyncio.sleep(0.1);
      b = tg.createTask(child("b", 0.2));
      print(`${now()} body done, name of a is ${a.getName()}`);
    });
    print(`${now()} group done: ${a.result()} ${b.result()} ${s.result()}`);
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
