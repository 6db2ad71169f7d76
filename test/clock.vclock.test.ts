// The VirtualClock in full (src/clock.ts): autojump, manual time driven by
// the test, exact deadlines at any magnitude, and what time does while
// foreign work is in flight. Programs run through asyncio-ts/testing.
import { describe, expect, it } from "vitest";
import * as asyncio from "asyncio-ts";
import { expectTrace, runVirtual, type TestContext } from "asyncio-ts/testing";

/** A promise that settles a few real macrotasks from now: real foreign work, without sleeping. */
function realWork<T>(value: T): Promise<T> {
  return new Promise((resolve) => setImmediate(() => setImmediate(() => resolve(value))));
}

describe("VirtualClock: autojump (the default)", () => {
  it("jumps to each timer, so a simulated day with thousands of timers ends at exactly 86400", async () => {
    const DAY = 86_400;
    let fired = 0;
    const run = await runVirtual(async ({ loop }) => {
      // 2,000 tasks, each waking at its own rhythm until the day is over...
      const sleeper = async (period: number): Promise<void> => {
        while (loop.time() + period <= DAY) {
          await asyncio.sleep(period);
          fired++;
        }
      };
      const sleepers = Array.from({ length: 2_000 }, (_, i) => sleeper(600 + 37 * i));
      // ...plus 5,000 plain timers spread over the day.
      for (let i = 1; i <= 5_000; i++) loop.callAt((DAY * i) / 5_000, () => fired++);
      await asyncio.gather(sleepers);
      await asyncio.sleep(DAY - loop.time());
      return loop.time();
    });
    let expected = 5_000;
    for (let i = 0; i < 2_000; i++) expected += Math.floor(DAY / (600 + 37 * i));
    expect(fired).toBe(expected);
    expect(run.result).toBe(DAY);
    expect(run.time).toBe(DAY);
  });

  it("says so", () => {
    expect(new asyncio.VirtualClock().autojump).toBe(true);
    expect(new asyncio.VirtualClock({ autojump: false }).autojump).toBe(false);
  });
});

describe("VirtualClock: time that cannot drift", () => {
  for (const start of [0, 1e6, 1e12, 2 ** 50 + 0.5]) {
    it(`fires a timer scheduled for exactly t when the clock reads exactly t (start ${start})`, async () => {
      const offsets = [1e-9, 0.1, 0.2, 0.30000000000000004, 1 / 3, 2.5, 1e-3 * 7, 3600.000001];
      const seen: [number, number][] = [];
      await runVirtual(
        async ({ loop }) => {
          const done = loop.createFuture();
          const deadlines = offsets.map((offset) => start + offset);
          for (const when of deadlines) loop.callAt(when, () => seen.push([when, loop.time()]));
          loop.callAt(Math.max(...deadlines), () => loop.callSoon(() => done.setResult(null)));
          await done;
        },
        { start },
      );
      expect(seen.length).toBe(offsets.length);
      for (const [when, time] of seen) expect(time).toBe(when);
    });
  }

  it("gives callLater the deadline now + delay and fires it at that very value, even where floats are coarse", async () => {
    const start = 1e15; // doubles here are 0.125 apart
    const run = await runVirtual(
      async ({ loop }) => {
        const timer = loop.callLater(0.1, () => undefined);
        await asyncio.sleep(0.1);
        return [timer.when(), loop.time()];
      },
      { start },
    );
    expect(run.result).toEqual([start + 0.1, start + 0.1]);
    expect(run.time).toBe(1e15 + 0.125);
  });

  it("keeps a chain of 10,000 short sleeps on the sums CPython would compute", async () => {
    const run = await runVirtual(async ({ loop }) => {
      for (let i = 0; i < 10_000; i++) await asyncio.sleep(0.1);
      return loop.time();
    });
    let expected = 0;
    for (let i = 0; i < 10_000; i++) expected += 0.1;
    expect(run.result).toBe(expected);
  });
});

/** Starts `main` on a fresh loop with a manual clock; the test drives time. */
function manualLoop(): { clock: asyncio.VirtualClock; loop: asyncio.EventLoop } {
  const clock = new asyncio.VirtualClock({ autojump: false });
  return { clock, loop: asyncio.newEventLoop({ clock }) };
}

describe("VirtualClock: manual time ({ autojump: false })", () => {
  it("moves only when the test advances it, and each advance resolves once the loop is idle at the new time", async () => {
    const { clock, loop } = manualLoop();
    const events: string[] = [];
    const log = (what: string): void => void events.push(`${loop.time()} ${what}`);
    const main = asyncio.coroutine(async () => {
      log("start");
      for (let i = 0; i < 3; i++) {
        await asyncio.sleep(1);
        log(`tick ${i}`);
      }
      return "done";
    });
    const done = loop.runUntilComplete(main());

    await clock.runUntilIdle();
    expect(events).toEqual(["0 start"]);
    expect(loop.time()).toBe(0);

    await clock.advance(0.5);
    expect(events).toEqual(["0 start"]);
    expect(loop.time()).toBe(0.5);

    await clock.advance(0.5);
    expect(events).toEqual(["0 start", "1 tick 0"]);

    // Timers due on the way fire at their own instant, in order.
    await clock.advance(10);
    expect(events).toEqual(["0 start", "1 tick 0", "2 tick 1", "3 tick 2"]);
    expect(await done).toBe("done");
    // The loop stopped at 3; the advance still took the clock all the way.
    expect(loop.time()).toBe(11);
    loop.close();
  });

  it("adds up advances made back to back", async () => {
    const { clock, loop } = manualLoop();
    const done = loop.runUntilComplete(asyncio.sleep(2, "slept"));
    const first = clock.advance(1);
    const second = clock.advance(1);
    await Promise.all([first, second]);
    expect(loop.time()).toBe(2);
    expect(await done).toBe("slept");
    loop.close();
  });

  it("moves to an exact loop time with advanceTo, and refuses to go back", async () => {
    const { clock, loop } = manualLoop();
    const seen: number[] = [];
    loop.callAt(0.30000000000000004, () => seen.push(loop.time()));
    const done = loop.runUntilComplete(asyncio.sleep(1));
    await clock.advance(0.1);
    await clock.advanceTo(0.30000000000000004);
    expect(seen).toEqual([0.30000000000000004]);
    expect(() => clock.advanceTo(0.2)).toThrow(asyncio.ValueError);
    await clock.advanceTo(1);
    await done;
    loop.close();
  });

  it("moves at once when no loop runs on it", async () => {
    const clock = new asyncio.VirtualClock({ autojump: false, start: 5 });
    await clock.advance(2.5);
    expect(clock.now()).toBe(7.5);
  });

  it("refuses nonsense", () => {
    const clock = new asyncio.VirtualClock({ autojump: false });
    expect(() => clock.advance(-1)).toThrow(asyncio.ValueError);
    expect(() => clock.advance(Number.NaN)).toThrow(asyncio.ValueError);
    expect(() => clock.advance(Infinity)).toThrow(asyncio.ValueError);
    expect(() => clock.advanceTo(Infinity)).toThrow(asyncio.ValueError);
    expect(() => new asyncio.VirtualClock({ foreignWork: "wait" as "hold" })).toThrow(asyncio.ValueError);
  });

  it("waits for the test rather than reporting a hang: the test may still complete what the program awaits", async () => {
    const { clock, loop } = manualLoop();
    const reply = loop.createFuture<string>();
    const done = loop.runUntilComplete(
      asyncio.coroutine(async () => `got ${await reply}`)(),
    );
    await clock.runUntilIdle();
    reply.setResult("pong");
    expect(await done).toBe("got pong");
    loop.close();
  });

  it("lets the program itself advance time: it resumes once every other task is blocked at the new time", async () => {
    const run = await runVirtual(
      async ({ record, advance, runUntilIdle }) => {
        const ticker = asyncio.createTask(
          (async () => {
            for (let i = 1; ; i++) {
              await asyncio.sleep(1);
              record(`tick ${i}`);
            }
          })(),
          { name: "ticker" },
        );
        await advance(3);
        record("advanced by 3");
        await runUntilIdle();
        record("idle");
        ticker.cancel();
      },
      { autojump: false },
    );
    expectTrace(run, ["1 ticker: tick 1", "2 ticker: tick 2", "3 ticker: tick 3", "3 main: advanced by 3", "3 main: idle"]);
  });
});

describe("VirtualClock: foreign work in flight", () => {
  /** A service call that must answer within 5 seconds, while a heartbeat ticks every second. */
  async function callWithHeartbeat({ record }: TestContext, work: () => Promise<string>): Promise<void> {
    const heartbeat = asyncio.createTask(
      (async () => {
        for (;;) {
          await asyncio.sleep(1);
          record("heartbeat");
        }
      })(),
      { name: "heartbeat" },
    );
    try {
      const answer = await asyncio.waitFor(asyncio.wrapPromise(work()), 5);
      record(`answer: ${answer}`);
    } catch (error) {
      record(`failed: ${(error as Error).constructor.name}`);
    }
    heartbeat.cancel();
  }

  it("holds time still while a wrapPromise is in flight (the default), so the real call cannot time out on virtual time", async () => {
    const run = await runVirtual((t) => callWithHeartbeat(t, () => realWork("42")));
    expectTrace(run, ["0 main: answer: 42"]);
    expect(run.time).toBe(0);
  });

  it("jumps regardless with { foreignWork: 'jump' }: the call then takes longer than any timeout", async () => {
    const never = (): Promise<string> => new Promise<string>(() => undefined);
    const run = await runVirtual((t) => callWithHeartbeat(t, never), { foreignWork: "jump" });
    expectTrace(run, [
      "1 heartbeat: heartbeat",
      "2 heartbeat: heartbeat",
      "3 heartbeat: heartbeat",
      "4 heartbeat: heartbeat",
      // At 5 the timeout (armed at 0) goes first; main then cancels the heartbeat before its fifth beat.
      "5 main: failed: TimeoutError",
    ]);
  });

  it("still waits for foreign work under 'jump' when no timer is left to jump to", async () => {
    const run = await runVirtual(async () => asyncio.wrapPromise(realWork("late")), { foreignWork: "jump" });
    expect(run.result).toBe("late");
    expect(run.time).toBe(0);
  });

  it("holds still until the work ends, then goes on jumping", async () => {
    const run = await runVirtual(async ({ record }) => {
      const sleeper = asyncio.createTask(asyncio.sleep(10, "rested"));
      record(await asyncio.wrapPromise(realWork("fetched")));
      record(await sleeper);
    });
    expectTrace(run, ["0 main: fetched", "10 main: rested"]);
  });
});
