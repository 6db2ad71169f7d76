// Twin of locks-07-semaphore-errors.py, async function spelling.
import * as asyncio from "asyncio-ts";

export default async function program(print: (line: string) => void): Promise<void> {
  const py = (flag: boolean): string => (flag ? "True" : "False");

  const main = asyncio.coroutine(async function main() {
    const attempt = (what: string, fn: () => unknown): void => {
      try {
        fn();
        print(`${what}: no error`);
      } catch (e) {
        print(`${what}: ${(e as Error).name}: ${(e as Error).message}`);
      }
    };
    const attemptAsync = async (what: string, aw: PromiseLike<unknown>): Promise<void> => {
      try {
        await aw;
        print(`${what}: no error`);
      } catch (e) {
        print(`${what}: ${(e as Error).name}: ${(e as Error).message}`);
      }
    };

    attempt("Semaphore(-1)", () => new asyncio.Semaphore(-1));
    attempt("Lock().release()", () => new asyncio.Lock().release());
    const bounded = new asyncio.BoundedSemaphore(2);
    attempt("BoundedSemaphore(2).release()", () => bounded.release());
    await bounded.acquire();
    await bounded.acquire();
    print(`bounded locked=${py(bounded.locked())}`);
    bounded.release();
    bounded.release();
    attempt("third release", () => bounded.release());
    const plain = new asyncio.Semaphore(1);
    plain.release();
    print(`a plain Semaphore may go above its start: locked=${py(plain.locked())}`);
    const cond = new asyncio.Condition();
    attempt("notify without the lock", () => cond.notify());
    attempt("notify_all without the lock", () => cond.notifyAll());
    await attemptAsync("wait without the lock", cond.wait());
    print(`wait_for with a true predicate: ${await cond.waitFor(() => "ready")}`);
    await attemptAsync("wait_for with a false predicate", cond.waitFor(() => 0));
    attempt("Barrier(0)", () => new asyncio.Barrier(0));
    await attemptAsync(
      "Semaphore(0).acquire() with a timeout",
      asyncio.waitFor(new asyncio.Semaphore(0).acquire(), 0.1),
    );
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
