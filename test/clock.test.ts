// Clocks (src/clock.ts): the virtual clock that jumps to the next timer, and
// the real clock read through globalThis.
import { describe, expect, it } from "vitest";
import * as asyncio from "../src/index.js";
import { recorder, virtualLoop, virtualRun } from "./helpers.js";

describe("VirtualClock", () => {
  it("starts at 0, or where it is told", () => {
    expect(new asyncio.VirtualClock().now()).toBe(0);
    expect(new asyncio.VirtualClock({ start: 100 }).now()).toBe(100);
    expect(virtualLoop().time()).toBe(0);
  });

  it("refuses a start that is not a finite number", () => {
    expect(() => new asyncio.VirtualClock({ start: NaN })).toThrow(asyncio.ValueError);
    expect(() => new asyncio.VirtualClock({ start: Infinity })).toThrow(asyncio.ValueError);
  });

  it("jumps straight to the next deadline when the loop is idle", () => {
    const clock = new asyncio.VirtualClock();
    expect(clock.idle(5, false)).toBe(0);
    expect(clock.now()).toBe(5);
    expect(clock.idle(3, false)).toBe(0);
    expect(clock.now()).toBe(5);
  });

  it("waits for real, without moving, while foreign work is in flight", () => {
    const clock = new asyncio.VirtualClock();
    expect(clock.idle(5, true)).toBe(Infinity);
    expect(clock.idle(Infinity, true)).toBe(Infinity);
    expect(clock.now()).toBe(0);
  });

  it("says nothing can ever happen (null) with no timer and no foreign work", () => {
    const clock = new asyncio.VirtualClock();
    expect(clock.idle(Infinity, false)).toBeNull();
    expect(clock.now()).toBe(0);
  });

  it("runs a program that sleeps an hour and ends at loop time 3600", async () => {
    const started = performance.now();
    const { result, time } = await virtualRun(async () => {
      await asyncio.sleep(3600);
      return "awake";
    });
    expect(result).toBe("awake");
    expect(time).toBe(3600);
    // An hour of virtual time is not an hour of real time.
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it("lands exactly on each deadline, without drift", async () => {
    const { result } = await virtualRun(async () => {
      const loop = asyncio.getRunningLoop();
      const times: number[] = [];
      for (let i = 0; i < 10; i++) {
        await asyncio.sleep(0.1);
        times.push(loop.time());
      }
      return times;
    });
    let expected = 0;
    const times: number[] = [];
    for (let i = 0; i < 10; i++) times.push((expected += 0.1));
    expect(result).toEqual(times);
  });

  it("gives a loop on virtual time the same trace on every run", async () => {
    const once = async (): Promise<string[]> => {
      const { result } = await virtualRun(async () => {
        const { events, log } = recorder();
        const worker = async (name: string, delay: number): Promise<void> => {
          for (let i = 0; i < 3; i++) {
            await asyncio.sleep(delay);
            log(`${name}${i}`);
          }
        };
        await asyncio.gather(worker("a", 1), worker("b", 1.5));
        return events;
      });
      return result;
    };
    const first = await once();
    // At 3, b's timer (armed at 1.5) runs before a's (armed at 2).
    expect(first).toEqual(["1 a0", "1.5 b0", "2 a1", "3 b1", "3 a2", "4.5 b2"]);
    expect(await once()).toEqual(first);
  });
});

describe("RealClock", () => {
  it("reads performance.now() through globalThis at each call, in seconds", () => {
    const clock = new asyncio.RealClock();
    const original = globalThis.performance;
    const fake = { now: () => 2500 } as unknown as typeof globalThis.performance;
    Object.defineProperty(globalThis, "performance", { value: fake, configurable: true, writable: true });
    try {
      expect(clock.now()).toBe(2.5);
    } finally {
      Object.defineProperty(globalThis, "performance", { value: original, configurable: true, writable: true });
    }
  });

  it("asks the loop to wait until the next deadline, and not at all when it is past", () => {
    const clock: asyncio.Clock = new asyncio.RealClock();
    const now = clock.now();
    expect(clock.idle(now - 1, false)).toBe(0);
    const wait = clock.idle(now + 10, false);
    expect(wait).toBeGreaterThan(9);
    expect(wait).toBeLessThanOrEqual(10);
    expect(clock.idle(Infinity, false)).toBe(Infinity);
  });
});
