// Twin of py/26-exception-handler.py, async function spelling.
import * as asyncio from "asyncio-ts";
import { ValueError, repr, str, typeName } from "./py.js";

export default async function program(print: (line: string) => void): Promise<void> {
  function boom(): void {
    throw new ValueError("bad callback");
  }

  function failing_done_callback(): void {
    throw new ValueError("bad done callback");
  }

  const handler = (_loop: asyncio.EventLoop, context: { message: string; exception?: unknown }): void => {
    const message = context.message.split("(")[0];
    const exc = context.exception;
    print(`handler: ${message} | ${typeName(exc)}: ${exc === undefined ? "None" : str(exc)}`);
  };

  // Lazy like `async def`: main touches the loop before its first await.
  const main = asyncio.coroutine(async function () {
    const loop = asyncio.getRunningLoop();
    loop.setExceptionHandler(handler);
    print(`handler installed: ${str(loop.getExceptionHandler() === handler)}`);
    loop.callSoon(print, "before the failing callback");
    loop.callSoon(boom);
    loop.callSoon(print, "after the failing callback");
    await asyncio.sleep(0);
    print("main: the loop kept running");

    loop.callLater(0.1, boom);
    await asyncio.sleep(0.2);
    print("main: a failing timer did not stop the loop either");

    const fut = loop.createFuture<null>();
    fut.addDoneCallback(failing_done_callback);
    fut.addDoneCallback(() => print("next done callback still runs"));
    fut.setResult(null);
    await asyncio.sleep(0);

    loop.callExceptionHandler({ message: "custom report" });
    loop.setExceptionHandler(null);
    print(`handler reset: ${repr(loop.getExceptionHandler())}`);
    print("main: done");
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
