// Twin of locks-03-event.py, async function spelling.
import * as asyncio from "asyncio-ts";

export default async function program(print: (line: string) => void): Promise<void> {
  const py = (flag: boolean): string => (flag ? "True" : "False");

  const main = asyncio.coroutine(async function main() {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const now = (): string => (loop.time() - t0).toFixed(2);

    const ev = new asyncio.Event();

    const waiter = asyncio.coroutine(async function waiter(name: string) {
      print(`${now()} ${name} waits, is_set=${py(ev.isSet())}`);
      const result = await ev.wait();
      print(`${now()} ${name} woke with ${py(result)}, is_set=${py(ev.isSet())}`);
    });

    const tasks = ["a", "b", "c"].map((n) => asyncio.createTask(waiter(n)));
    await asyncio.sleep(0.1);
    tasks[1].cancel();
    await asyncio.sleep(0);
    print(`${now()} b cancelled=${py(tasks[1].cancelled())}`);
    ev.set();
    ev.clear();
    print(`${now()} set then clear: is_set=${py(ev.isSet())}`);
    await asyncio.sleep(0);
    print(`${now()} after one iteration`);

    const late = asyncio.createTask(waiter("late"));
    loop.callLater(0.2, () => ev.set());
    await late;
    print(`${now()} wait on a set event: ${py(await ev.wait())}`);
    ev.set();
    print(`set twice: is_set=${py(ev.isSet())}`);
    await asyncio.gather(...tasks, { returnExceptions: true });
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
