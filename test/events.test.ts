// Getting hold of a loop (src/events.ts): getRunningLoop, getEventLoop,
// setEventLoop, newEventLoop; and allTasks, which needs one.
import { afterEach, describe, expect, it } from "vitest";
import * as asyncio from "../src/index.js";
import { describeError, thrownBy, virtualLoop, virtualRun } from "./helpers.js";

afterEach(() => {
  asyncio.setEventLoop(null);
});

describe("getRunningLoop", () => {
  it("raises RuntimeError outside a running loop", () => {
    expect(describeError(thrownBy(() => asyncio.getRunningLoop()))).toBe("RuntimeError: no running event loop");
  });

  it("returns the running loop inside a task and a callback", async () => {
    const { result, loop } = await virtualRun(async () => {
      const running = asyncio.getRunningLoop();
      const fromCallback = running.createFuture<asyncio.EventLoop>();
      running.callSoon(() => fromCallback.setResult(asyncio.getRunningLoop()));
      return [running, await fromCallback];
    });
    expect(result[0]).toBe(loop);
    expect(result[1]).toBe(loop);
  });
});

describe("newEventLoop", () => {
  it("makes a fresh loop that is neither running nor closed, on the clock given", () => {
    const a = asyncio.newEventLoop({ clock: new asyncio.VirtualClock({ start: 5 }) });
    const b = asyncio.newEventLoop();
    expect(a).toBeInstanceOf(asyncio.EventLoop);
    expect(a).not.toBe(b);
    expect([a.isRunning(), a.isClosed(), a.time()]).toEqual([false, false, 5]);
    a.close();
    b.close();
  });
});

describe("getEventLoop and setEventLoop", () => {
  it("returns the running loop inside one", async () => {
    const { result, loop } = await virtualRun(async () => asyncio.getEventLoop());
    expect(result).toBe(loop);
  });

  it("returns the loop set with setEventLoop outside a running loop", () => {
    const loop = virtualLoop();
    asyncio.setEventLoop(loop);
    expect(asyncio.getEventLoop()).toBe(loop);
    loop.close();
  });

  it("makes (and keeps) a loop when none is set, and a new one once that is closed", () => {
    const made = asyncio.getEventLoop();
    expect(made).toBeInstanceOf(asyncio.EventLoop);
    expect(asyncio.getEventLoop()).toBe(made);
    made.close();
    const next = asyncio.getEventLoop();
    expect(next).not.toBe(made);
    expect(next.isClosed()).toBe(false);
    next.close();
  });

  it("lets a classic program run on the current loop with runUntilComplete", async () => {
    const loop = virtualLoop();
    asyncio.setEventLoop(loop);
    const future = asyncio.ensureFuture(asyncio.sleep(2, "classic"));
    expect(future.getLoop()).toBe(loop);
    expect(await asyncio.getEventLoop().runUntilComplete(future)).toBe("classic");
    expect(loop.time()).toBe(2);
    loop.close();
  });

  it("refuses something that is not a loop with TypeError", () => {
    expect(thrownBy(() => asyncio.setEventLoop({} as asyncio.EventLoop))).toBeInstanceOf(TypeError);
  });
});

describe("allTasks", () => {
  it("raises RuntimeError outside a running loop unless given a loop", () => {
    expect(describeError(thrownBy(() => asyncio.allTasks()))).toBe("RuntimeError: no running event loop");
    const loop = virtualLoop();
    expect(asyncio.allTasks(loop).size).toBe(0);
    loop.close();
  });

  it("lists the pending tasks of a given loop", async () => {
    const loop = virtualLoop();
    const task = loop.createTask(
      (function* () {
        yield* asyncio.sleep(1);
      })(),
    );
    const listed = [...asyncio.allTasks(loop)];
    expect([listed.length, listed[0] === task]).toEqual([1, true]);
    await loop.runUntilComplete(task);
    expect(asyncio.allTasks(loop).size).toBe(0);
    loop.close();
  });
});
