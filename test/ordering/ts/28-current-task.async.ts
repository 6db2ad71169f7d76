// Twin of py/28-current-task.py, async function spelling.
import * as asyncio from "asyncio-ts";
import { repr, str } from "./py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  async function worker(label: string, go: asyncio.Future<null>, fut: asyncio.Future<null>) {
    await go;
    const me = asyncio.currentTask()!;
    print(`${label}: current task is ${me.getName()}`);
    await asyncio.sleep(0);
    print(`${label}: after sleep(0) still ${asyncio.currentTask()!.getName()}`);
    await fut;
    print(`${label}: after awaiting a future still ${str(asyncio.currentTask() === me)}`);
    return me.getName();
  }

  // Lazy like `async def`: main touches the loop before its first await.
  const main = asyncio.coroutine(async function () {
    const loop = asyncio.getRunningLoop();
    const mainTask = asyncio.currentTask()!;
    mainTask.setName("main");
    const go = loop.createFuture<null>();
    const fut = loop.createFuture<null>();
    const a = asyncio.createTask(worker("a", go, fut), { name: "alpha" });
    const b = asyncio.createTask(worker("b", go, fut), { name: "beta" });
    loop.callSoon(() => print(`callback: current task is ${repr(asyncio.currentTask())}`));
    await asyncio.sleep(0);
    print(`main: current task is ${asyncio.currentTask()!.getName()}`);
    b.setName("beta-renamed");
    go.setResult(null);
    await asyncio.sleep(0);
    fut.setResult(null);
    print(`main: gathered ${repr(await asyncio.gather(a, b))}`);
    print(`main: after gather still ${str(asyncio.currentTask() === mainTask)}`);
    const fut2 = loop.createFuture<null>();
    fut2.addDoneCallback(() => print(`done callback: current task is ${repr(asyncio.currentTask())}`));
    fut2.setResult(null);
    await fut2;
    await asyncio.sleep(0);
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
