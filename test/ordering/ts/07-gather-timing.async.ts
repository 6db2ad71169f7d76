// Twin of py/07-gather-timing.py, async function spelling.
import * as asyncio from "asyncio-ts";
import { repr } from "./py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  async function ticker(n: number, go: asyncio.Future<null>) {
    await go;
    for (let i = 0; i < n; i++) {
      print(`tick ${i}`);
      await asyncio.sleep(0);
    }
  }

  async function child(name: string, fut: asyncio.Future<number>) {
    const value = await fut;
    print(`${name}: finishing`);
    return `${name}=${value}`;
  }

  // Lazy like `async def`: main touches the loop before its first await.
  const main = asyncio.coroutine(async function () {
    const loop = asyncio.getRunningLoop();
    const fa = loop.createFuture<number>();
    const fb = loop.createFuture<number>();
    const a = asyncio.createTask(child("a", fa));
    const b = asyncio.createTask(child("b", fb));
    await asyncio.sleep(0);

    async function collect() {
      const results = await asyncio.gather(a, b);
      print(`gather -> ${repr(results)}`);
    }

    const collector = asyncio.createTask(collect());
    await asyncio.sleep(0);
    let go = loop.createFuture<null>();
    let ticks = asyncio.createTask(ticker(7, go));
    go.setResult(null);
    fa.setResult(1);
    await asyncio.sleep(0);
    fb.setResult(2);
    await collector;
    await ticks;

    const fc = loop.createFuture<number>();
    const c = asyncio.createTask(child("c", fc));

    async function direct() {
      print(`direct await -> ${await c}`);
    }

    const waiter = asyncio.createTask(direct());
    await asyncio.sleep(0);
    go = loop.createFuture<null>();
    ticks = asyncio.createTask(ticker(4, go));
    go.setResult(null);
    fc.setResult(3);
    await waiter;
    await ticks;
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
