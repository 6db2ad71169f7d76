// Type-level tests of the public signatures. `expectTypeOf` is checked by the
// type checker (`npm run typecheck` covers test/); at run time these tests
// only make sure the calls themselves are valid.
import { describe, expectTypeOf, it } from "vitest";
import * as asyncio from "../src/index.js";
import { virtualRun } from "./helpers.js";

describe("public signatures", () => {
  it("sleep resolves to null, or to the type of the value given", async () => {
    await virtualRun(async () => {
      const plain = await asyncio.sleep(0);
      const valued = await asyncio.sleep(1, "x");
      const numbered = await asyncio.sleep(1, 42);
      expectTypeOf(plain).toEqualTypeOf<null>();
      expectTypeOf(valued).toEqualTypeOf<string>();
      expectTypeOf(numbered).toEqualTypeOf<number>();
    });
  });

  it("sleep gives the same type through yield*", async () => {
    await virtualRun(function* () {
      const valued = yield* asyncio.sleep(1, "x");
      expectTypeOf(valued).toEqualTypeOf<string>();
    });
  });

  it("gather resolves to the tuple of its awaitables' results", async () => {
    await virtualRun(async () => {
      const a = asyncio.createTask(asyncio.sleep(1, 1));
      const b = (async (): Promise<string> => "b")();
      const c = asyncio.getRunningLoop().createFuture<boolean>();
      c.setResult(true);
      const results = await asyncio.gather(a, b, c);
      expectTypeOf(results).toEqualTypeOf<[number, string, boolean]>();
      const fromArray = await asyncio.gather([a, a]);
      expectTypeOf(fromArray).toEqualTypeOf<number[]>();
    });
  });

  it("createTask returns a Task of the coroutine's result", async () => {
    await virtualRun(async () => {
      const native = asyncio.createTask((async (): Promise<number> => 1)());
      const generator = asyncio.createTask(
        (function* (): Generator<unknown, string, unknown> {
          return "g";
        })(),
      );
      const lazy = asyncio.createTask(asyncio.coroutine(async (): Promise<boolean> => true)());
      expectTypeOf(native).toEqualTypeOf<asyncio.Task<number>>();
      expectTypeOf(generator).toEqualTypeOf<asyncio.Task<string>>();
      expectTypeOf(lazy).toEqualTypeOf<asyncio.Task<boolean>>();
      expectTypeOf(await native).toEqualTypeOf<number>();
      await generator;
      await lazy;
    });
  });

  it("wait resolves to [done, pending], two Sets of futures", async () => {
    await virtualRun(async () => {
      const tasks = [asyncio.createTask(asyncio.sleep(1, "a"))];
      const [done, pending] = await asyncio.wait(tasks);
      expectTypeOf(done).toEqualTypeOf<Set<asyncio.Future<string>>>();
      expectTypeOf(pending).toEqualTypeOf<Set<asyncio.Future<string>>>();
    });
  });

  it("waitFor, shield, ensureFuture and wrapPromise keep the result type", async () => {
    await virtualRun(async () => {
      expectTypeOf(await asyncio.waitFor(asyncio.sleep(1, 1), 5)).toEqualTypeOf<number>();
      expectTypeOf(asyncio.shield(asyncio.createTask(asyncio.sleep(1, "s")))).toEqualTypeOf<asyncio.Future<string>>();
      expectTypeOf(asyncio.ensureFuture(asyncio.sleep(1, true))).toEqualTypeOf<asyncio.Future<boolean>>();
      expectTypeOf(asyncio.wrapPromise(Promise.resolve(1n))).toEqualTypeOf<asyncio.Future<bigint>>();
      await asyncio.sleep(2);
    });
  });

  it("a Future's methods are typed by its result", () => {
    const loop = asyncio.newEventLoop({ clock: new asyncio.VirtualClock() });
    const future = loop.createFuture<number>();
    expectTypeOf<ReturnType<typeof future.result>>().toEqualTypeOf<number>();
    expectTypeOf<Parameters<typeof future.setResult>>().toEqualTypeOf<[result: number]>();
    expectTypeOf<ReturnType<typeof future.exception>>().toEqualTypeOf<unknown>();
    expectTypeOf<ReturnType<typeof future.removeDoneCallback>>().toEqualTypeOf<number>();
    // @ts-expect-error: a string is not a number
    future.setResult("nope");
    loop.close();
  });

  it("run returns a promise of the main coroutine's result", () => {
    expectTypeOf(asyncio.run<number>).returns.toEqualTypeOf<Promise<number>>();
    expectTypeOf<ReturnType<typeof asyncio.newEventLoop>>().toEqualTypeOf<asyncio.EventLoop>();
    expectTypeOf(asyncio.currentTask).returns.toEqualTypeOf<asyncio.Task<unknown> | null>();
    expectTypeOf(asyncio.allTasks).returns.toEqualTypeOf<Set<asyncio.Task<unknown>>>();
  });
});
