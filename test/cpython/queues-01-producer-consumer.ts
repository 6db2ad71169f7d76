// Twin of queues-01-producer-consumer.py, async function spelling.
import * as asyncio from "asyncio-ts";

export default async function program(print: (line: string) => void): Promise<void> {
  const py = (flag: boolean): string => (flag ? "True" : "False");

  const main = asyncio.coroutine(async function main() {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const now = (): string => (loop.time() - t0).toFixed(2);

    const q = new asyncio.Queue<number | null>(2);
    print(`maxsize=${q.maxsize} empty=${py(q.empty())} full=${py(q.full())} qsize=${q.qsize()}`);

    const producer = asyncio.coroutine(async function producer() {
      for (let i = 0; i < 6; i++) {
        await q.put(i);
        print(`${now()} put ${i}, qsize=${q.qsize()} full=${py(q.full())}`);
      }
      await q.put(null);
      await q.put(null);
    });

    const consumer = asyncio.coroutine(async function consumer(name: string, pace: number) {
      for (;;) {
        const item = await q.get();
        if (item === null) {
          print(`${now()} ${name} stops`);
          return;
        }
        print(`${now()} ${name} got ${item}`);
        await asyncio.sleep(pace);
      }
    });

    await asyncio.gather(producer(), consumer("c1", 0.1), consumer("c2", 0.25));
    print(`${now()} empty=${py(q.empty())}`);
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
