// Twin of py/07-gather-timing.py, generator spelling.
import * as asyncio from "asyncio-ts";
import { repr } from "./py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  function* ticker(n: number, go: asyncio.Future<null>) {
    yield* go;
    for (let i = 0; i < n; i++) {
      print(`tick ${i}`);
      yield* asyncio.sleep(0);
    }
  }

  function* child(name: string, fut: asyncio.Future<number>) {
    const value = yield* fut;
    print(`${name}: finishing`);
    return `${name}=${value}`;
  }

  function* main() {
    const loop = asyncio.getRunningLoop();
    const fa = loop.createFuture<number>();
    const fb = loop.createFuture<number>();
    const a = asyncio.createTask(child("a", fa));
    const b = asyncio.createTask(child("b", fb));
    yield* asyncio.sleep(0);

    function* collect() {
      const results = yield* asyncio.gather(a, b);
      print(`gather -> ${repr(results)}`);
    }

    const collector = asyncio.createTask(collect());
    yield* asyncio.sleep(0);
    let go = loop.createFuture<null>();
    let ticks = asyncio.createTask(ticker(7, go));
    go.setResult(null);
    fa.setResult(1);
    yield* asyncio.sleep(0);
    fb.setResult(2);
    yield* collector;
    yield* ticks;

    const fc = loop.createFuture<number>();
    const c = asyncio.createTask(child("c", fc));

    function* direct() {
      print(`direct await -> ${yield* c}`);
    }

    const waiter = asyncio.createTask(direct());
    yield* asyncio.sleep(0);
    go = loop.createFuture<null>();
    ticks = asyncio.createTask(ticker(4, go));
    go.setResult(null);
    fc.setResult(3);
    yield* waiter;
    yield* ticks;
  }

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
