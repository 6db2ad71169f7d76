// Twin of py/19-next-pass.py (plain callbacks; the one twin serves both spellings).
import * as asyncio from "asyncio-ts";

export default async function program(print: (line: string) => void): Promise<void> {
  const loop = asyncio.newEventLoop({ clock: new asyncio.VirtualClock() });

  const a = (): void => {
    print("a");
    loop.callSoon(c);
    loop.callLater(0, t);
  };
  const b = (): void => {
    print("b");
    loop.callSoon(d);
  };
  const c = (): void => {
    print("c");
    loop.callSoon(e);
  };
  const d = (): void => print("d");
  const e = (): void => {
    print("e");
    loop.stop();
  };
  const t = (): void => print("timer due now");

  loop.callSoon(a);
  loop.callSoon(b);
  await loop.runForever();
  print("stopped");
  await loop.runUntilComplete(asyncio.sleep(0));
  print("sleep(0) ran");
  loop.close();
}
