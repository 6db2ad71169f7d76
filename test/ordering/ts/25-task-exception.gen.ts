// Twin of py/25-task-exception.py, generator spelling.
import * as asyncio from "asyncio-ts";
import { ValueError, repr, str } from "./py.js";

class Boom extends Error {}

export default async function program(print: (line: string) => void): Promise<void> {
  function* failing(trigger: asyncio.Future<null>) {
    yield* trigger;
    print("failing: raising");
    throw new Boom("kaboom");
  }

  function* relay<T>(task: asyncio.Task<T>) {
    try {
      yield* task;
    } catch (e) {
      if (!(e instanceof Boom)) throw e;
      print(`relay: caught ${repr(e)}`);
      throw new ValueError("wrapped", { cause: e });
    }
  }

  function* main() {
    const loop = asyncio.getRunningLoop();
    const trigger = loop.createFuture<null>();
    const task = asyncio.createTask(failing(trigger));
    task.addDoneCallback((t) => print(`done callback: exception=${repr(t.exception())}`));
    const second = asyncio.createTask(relay(task));
    yield* asyncio.sleep(0);
    trigger.setResult(null);
    print(`main: done=${str(task.done())}`);
    yield* asyncio.sleep(0);
    print(`main: done=${str(task.done())} cancelled=${str(task.cancelled())}`);
    try {
      yield* task;
    } catch (e) {
      if (!(e instanceof Boom)) throw e;
      print(`main: await raised ${repr(e)}, same object: ${str(e === task.exception())}`);
    }
    try {
      task.result();
    } catch (e) {
      if (!(e instanceof Boom)) throw e;
      print(`main: result() raised ${repr(e)}`);
    }
    try {
      yield* second;
    } catch (e) {
      if (!(e instanceof ValueError)) throw e;
      print(`main: ${repr(e)} caused by ${repr(e.cause)}`);
    }

    const fut = loop.createFuture();
    fut.setException(new Boom("from a future"));
    try {
      yield* fut;
    } catch (e) {
      if (!(e instanceof Boom)) throw e;
      print(`main: awaiting a failed future raised ${repr(e)}`);
    }
  }

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
