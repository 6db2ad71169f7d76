// Handles and timer handles (src/handle.ts), through the loop that makes them.
import { describe, expect, it } from "vitest";
import * as asyncio from "../src/index.js";
import { captureExceptions, recorder, virtualLoop } from "./helpers.js";

describe("Handle", () => {
  it("is what callSoon returns, and runs its callback with its arguments", async () => {
    const loop = virtualLoop();
    const seen: unknown[] = [];
    const handle = loop.callSoon((a: number, b: string) => seen.push(a, b), 1, "two");
    expect(handle).toBeInstanceOf(asyncio.Handle);
    expect(handle).not.toBeInstanceOf(asyncio.TimerHandle);
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    expect(seen).toEqual([1, "two"]);
    loop.close();
  });

  it("passes exactly the arguments given, however many, to callbacks and timers", async () => {
    const loop = virtualLoop();
    const seen: unknown[][] = [];
    const record = (...args: unknown[]): void => {
      seen.push(args);
    };
    const handles = [
      loop.callSoon(record),
      loop.callSoon(record, undefined),
      loop.callSoon(record, 1, undefined),
      loop.callSoon(record, 1, 2, 3, 4),
      loop.callLater(0, record, "a", "b", "c"),
      loop.callLater(0, record, "a"),
    ];
    expect(handles.map(String)).toEqual([
      "<Handle record()>",
      "<Handle record(None)>",
      "<Handle record(1, None)>",
      "<Handle record(1, 2, 3, 4)>",
      "<TimerHandle record('a', 'b', 'c') when=0>",
      "<TimerHandle record('a') when=0>",
    ]);
    loop.callLater(0, () => loop.stop());
    await loop.runForever();
    expect(seen).toStrictEqual([[], [undefined], [1, undefined], [1, 2, 3, 4], ["a", "b", "c"], ["a"]]);
    loop.close();
  });

  it("does not run once cancelled, and says so", async () => {
    const loop = virtualLoop();
    const { events, log } = recorder(loop);
    const handle = loop.callSoon(() => log("cancelled one ran"));
    loop.callSoon(() => log("other ran"));
    expect(handle.cancelled()).toBe(false);
    handle.cancel();
    handle.cancel();
    expect(handle.cancelled()).toBe(true);
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    expect(events).toEqual(["0 other ran"]);
    loop.close();
  });

  it("shows its callback and arguments in its text", () => {
    const loop = virtualLoop();
    function greet(_name: string, _n: number): void {}
    const handle = loop.callSoon(greet, "world", 3);
    expect(String(handle)).toBe("<Handle greet('world', 3)>");
    handle.cancel();
    expect(String(handle)).toContain("cancelled");
    loop.close();
  });

  it("sends an error thrown by its callback to the exception handler, with itself as the handle", async () => {
    const loop = virtualLoop();
    const contexts = captureExceptions(loop);
    const error = new Error("boom");
    function explode(): void {
      throw error;
    }
    const handle = loop.callSoon(explode);
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    expect(contexts).toEqual([{ message: "Exception in callback explode()", exception: error, handle }]);
    loop.close();
  });
});

describe("TimerHandle", () => {
  it("is what callLater and callAt return, and knows when it is due", () => {
    const loop = virtualLoop();
    const later = loop.callLater(2.5, () => {});
    const at = loop.callAt(7, () => {});
    expect(later).toBeInstanceOf(asyncio.TimerHandle);
    expect(later.when()).toBe(2.5);
    expect(at.when()).toBe(7);
    expect(String(at)).toMatch(/^<TimerHandle .* when=7>$/);
    loop.close();
  });

  it("does not run once cancelled", async () => {
    const loop = virtualLoop();
    const { events, log } = recorder(loop);
    const timer = loop.callLater(1, () => log("cancelled timer"));
    loop.callLater(2, () => {
      log("stop");
      loop.stop();
    });
    timer.cancel();
    expect(timer.cancelled()).toBe(true);
    await loop.runForever();
    expect(events).toEqual(["2 stop"]);
    loop.close();
  });

  it("can be cancelled after it ran, without effect", async () => {
    const loop = virtualLoop();
    const { events, log } = recorder(loop);
    const timer = loop.callLater(1, () => log("ran"));
    loop.callLater(2, () => loop.stop());
    await loop.runForever();
    timer.cancel();
    expect(timer.cancelled()).toBe(true);
    expect(events).toEqual(["1 ran"]);
    expect(loop._timerCount).toBe(0);
    loop.close();
  });
});
