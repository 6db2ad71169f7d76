// The loop on its real clock under fake timers: each recipe of
// docs/testing.md, written as a user would write it. The RealClock reads
// performance.now() and waits with setTimeout, looked up on globalThis at
// each call, so the fake versions drive it; the loop gives Node its turns
// through a MessageChannel, which fake timers leave alone.
import FakeTimers from "@sinonjs/fake-timers";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as asyncio from "asyncio-ts";

/** A small program: three ticks a second apart, stamped with the time elapsed on the loop. */
function ticker(events: string[], count = 3): () => Promise<string> {
  return async () => {
    const loop = asyncio.getRunningLoop();
    const start = loop.time();
    const stamp = (what: string): void => void events.push(`${Math.round((loop.time() - start) * 1000)}ms ${what}`);
    stamp("start");
    for (let i = 1; i <= count; i++) {
      await asyncio.sleep(1);
      stamp(`tick ${i}`);
    }
    return "done";
  };
}

/**
 * What the recipe installs: every fake but `process.nextTick` and
 * `queueMicrotask`, as Vitest's own fake timers do. Faked, those two hold
 * back Node's own callbacks, among them the test worker's messages to
 * Vitest, which then waits forever for a file that has finished.
 */
const NOT_FAKED: FakeTimers.FakeMethod[] = ["nextTick", "queueMicrotask"];

describe("@sinonjs/fake-timers", () => {
  let clock: ReturnType<typeof FakeTimers.install> | null = null;
  afterEach(() => {
    clock?.uninstall();
    clock = null;
  });

  it("tickAsync: moves time by exactly what the test says", async () => {
    clock = FakeTimers.install({ toNotFake: NOT_FAKED });
    const events: string[] = [];
    const done = asyncio.run(ticker(events));

    await clock.tickAsync(1000);
    expect(events).toEqual(["0ms start", "1000ms tick 1"]);

    await clock.tickAsync(1500);
    expect(events).toEqual(["0ms start", "1000ms tick 1", "2000ms tick 2"]);

    await clock.tickAsync(500);
    expect(await done).toBe("done");
    expect(events).toEqual(["0ms start", "1000ms tick 1", "2000ms tick 2", "3000ms tick 3"]);
  });

  it("runAllAsync: runs the program to its end, with loopLimit raised past the number of waits", async () => {
    // The loop keeps one host timer at a time: each of its waits is one fake timer run.
    clock = FakeTimers.install({ toNotFake: NOT_FAKED, loopLimit: 5_000 });
    const events: string[] = [];
    const done = asyncio.run(ticker(events, 2_000));
    await clock.runAllAsync();
    expect(await done).toBe("done");
    expect(events.at(-1)).toBe("2000000ms tick 2000");
  });

  it("runToLastAsync: reaches the loop's next deadline (the only timer the loop has set on the host)", async () => {
    clock = FakeTimers.install({ toNotFake: NOT_FAKED });
    const events: string[] = [];
    const done = asyncio.run(ticker(events));
    await clock.runToLastAsync();
    expect(events).toEqual(["0ms start", "1000ms tick 1"]);
    await clock.runToLastAsync();
    await clock.runToLastAsync();
    expect(await done).toBe("done");
    expect(events.at(-1)).toBe("3000ms tick 3");
  });

  it("setTickMode({ mode: 'nextAsync' }): jumps to each timer by itself, like an autojumping clock", async () => {
    clock = FakeTimers.install({ toNotFake: NOT_FAKED });
    clock.setTickMode({ mode: "nextAsync" });
    const events: string[] = [];
    expect(await asyncio.run(ticker(events))).toBe("done");
    expect(events).toEqual(["0ms start", "1000ms tick 1", "2000ms tick 2", "3000ms tick 3"]);
  });

  it("keeps CPython's order among timers and tasks", async () => {
    clock = FakeTimers.install({ toNotFake: NOT_FAKED });
    clock.setTickMode({ mode: "nextAsync" });
    const events: string[] = [];
    await asyncio.run(async () => {
      const worker = async (name: string, delay: number): Promise<void> => {
        for (let i = 0; i < 2; i++) {
          await asyncio.sleep(delay);
          events.push(`${name}${i}`);
        }
      };
      await asyncio.gather(worker("a", 1), worker("b", 1.5), worker("c", 1));
    });
    expect(events).toEqual(["a0", "c0", "b0", "a1", "c1", "b1"]);
  });
});

describe("vi.useFakeTimers()", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("advanceTimersByTimeAsync: moves time by exactly what the test says", async () => {
    vi.useFakeTimers();
    const events: string[] = [];
    const done = asyncio.run(ticker(events));

    await vi.advanceTimersByTimeAsync(1000);
    expect(events).toEqual(["0ms start", "1000ms tick 1"]);

    await vi.advanceTimersByTimeAsync(2000);
    expect(await done).toBe("done");
    expect(events).toEqual(["0ms start", "1000ms tick 1", "2000ms tick 2", "3000ms tick 3"]);
  });

  it("runAllTimersAsync: runs the program to its end", async () => {
    vi.useFakeTimers();
    const events: string[] = [];
    const done = asyncio.run(ticker(events));
    await vi.runAllTimersAsync();
    expect(await done).toBe("done");
    expect(events.at(-1)).toBe("3000ms tick 3");
  });

  it("runAllTimersAsync with loopLimit raised for a long program", async () => {
    vi.useFakeTimers({ loopLimit: 5_000 });
    const events: string[] = [];
    const done = asyncio.run(ticker(events, 2_000));
    await vi.runAllTimersAsync();
    expect(await done).toBe("done");
    expect(events).toHaveLength(2_001);
  });

  it("moves the loop's clock with Date and performance.now()", async () => {
    vi.useFakeTimers();
    const done = asyncio.run(async () => {
      const loop = asyncio.getRunningLoop();
      const before = [loop.time(), Date.now()];
      await asyncio.sleep(60);
      return [loop.time() - before[0], Date.now() - before[1]];
    });
    await vi.advanceTimersByTimeAsync(60_000);
    const [loopElapsed, dateElapsed] = await done;
    expect(Math.round(loopElapsed * 1000)).toBe(60_000);
    expect(dateElapsed).toBe(60_000);
  });
});
