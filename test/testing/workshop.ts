/**
 * A small but busy program for the determinism tests: a producer, three
 * workers and a watchdog sharing a bounded queue, a lock around a shared
 * ledger, an event, timeouts and cancellations. Many of its callbacks become
 * ready in the same pass, so schedule fuzzing has orders to choose from.
 */
import * as asyncio from "asyncio-ts";
import type { TestContext } from "asyncio-ts/testing";

/** What the workshop returns: the ledger and how each job ended. */
export interface WorkshopResult {
  ledger: number;
  outcomes: string[];
}

export async function workshop({ record }: TestContext): Promise<WorkshopResult> {
  const jobs = new asyncio.Queue<number>(2);
  const ledgerLock = new asyncio.Lock();
  const closing = new asyncio.Event();
  const outcomes: string[] = [];
  let ledger = 0;

  async function worker(id: number): Promise<void> {
    try {
      for (;;) {
        const job = await jobs.get();
        record(`took job ${job}`);
        try {
          // Job 5 is too slow for its time budget.
          await asyncio.asyncWith(asyncio.timeout(0.5), async () => {
            await asyncio.sleep(job === 5 ? 1 : 0.1 * ((job % 3) + 1));
          });
          await asyncio.asyncWith(ledgerLock, async () => {
            const before = ledger;
            await asyncio.sleep(0); // hold the lock across a yield
            ledger = before + job;
          });
          outcomes.push(`job ${job} done by w${id}`);
          record(`finished job ${job}`);
        } catch (error) {
          if (!(error instanceof asyncio.TimeoutError)) throw error;
          outcomes.push(`job ${job} timed out in w${id}`);
          record(`job ${job} timed out`);
        } finally {
          jobs.taskDone();
        }
      }
    } catch (error) {
      if (error instanceof asyncio.CancelledError) record("cancelled");
      throw error;
    }
  }

  async function producer(): Promise<void> {
    for (let job = 1; job <= 8; job++) {
      await jobs.put(job);
      record(`queued job ${job}`);
      if (job % 3 === 0) await asyncio.sleep(0.25);
    }
    await jobs.join();
    record("all jobs processed");
    closing.set();
  }

  async function watchdog(workers: asyncio.Task<void>[]): Promise<void> {
    await closing.wait();
    record("closing");
    for (const w of workers) w.cancel();
    const ended = await asyncio.gather(...workers, { returnExceptions: true });
    const endings = ended.map((e) => (e instanceof asyncio.CancelledError ? "cancelled" : e === undefined ? "returned" : "failed"));
    record(`workers ended: ${endings.join(", ")}`);
  }

  const workers = [1, 2, 3].map((id) => asyncio.createTask(worker(id), { name: `w${id}` }));
  await asyncio.gather(
    asyncio.createTask(producer(), { name: "producer" }),
    asyncio.createTask(watchdog(workers), { name: "watchdog" }),
  );
  return { ledger, outcomes };
}
