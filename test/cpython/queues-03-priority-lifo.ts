// Twin of queues-03-priority-lifo.py, async function spelling.
import * as asyncio from "asyncio-ts";

export default async function program(print: (line: string) => void): Promise<void> {
  const py = (flag: boolean): string => (flag ? "True" : "False");
  // Python's repr of the tuples this program prints.
  const repr = (value: unknown): string => {
    if (typeof value === "string") return `'${value}'`;
    if (Array.isArray(value)) {
      const inner = value.map(repr).join(", ");
      return value.length === 1 ? `(${inner},)` : `(${inner})`;
    }
    return String(value);
  };
  const list = (values: unknown[]): string => `[${values.map(repr).join(", ")}]`;

  const main = asyncio.coroutine(async function main() {
    type Item = (number | string)[];
    const pq = new asyncio.PriorityQueue<Item>();
    const items: Item[] = [[2, "b"], [1, "z"], [2, "a"], [1, "y", 0], [0, "first"], [1, "y"], [3], [-1.5, "neg"]];
    for (const item of items) pq.putNowait(item);
    const out: Item[] = [];
    while (!pq.empty()) out.push(pq.getNowait());
    print(`priority: ${list(out)}`);

    const words = new asyncio.PriorityQueue<string>();
    for (const w of ["banana", "Apple", "apple", "\u00e9clair", "\u{1f600}", "\uffff", "a"]) words.putNowait(w);
    const firsts: string[] = [];
    for (let i = 0; i < 7; i++) firsts.push(words.getNowait().codePointAt(0)!.toString(16));
    print(`words: ${firsts.join(" ")}`);

    const lq = new asyncio.LifoQueue<number>(3);
    for (let i = 0; i < 3; i++) await lq.put(i);
    print(`lifo full=${py(lq.full())}`);
    print(`lifo: ${list([lq.getNowait(), lq.getNowait(), lq.getNowait()])}`);

    // Blocking gets on a PriorityQueue: the waiting consumer gets the smallest
    // item present when it runs, not the first one put.
    const consumer = asyncio.coroutine(async function consumer() {
      const got: Item[] = [];
      for (let i = 0; i < 3; i++) got.push(await pq.get());
      return got;
    });

    const c = asyncio.createTask(consumer());
    await asyncio.sleep(0);
    pq.putNowait([5, "five"]);
    pq.putNowait([4, "four"]);
    pq.putNowait([6, "six"]);
    print(`consumer got: ${list(await c)}`);

    try {
      const bad = new asyncio.PriorityQueue<Item>();
      bad.putNowait([1, "x"]);
      bad.putNowait([1, 2]);
    } catch (e) {
      if (!(e instanceof TypeError)) throw e;
      print(`TypeError: ${e.message}`);
    }
  });

  await asyncio.run(main(), { clock: new asyncio.VirtualClock() });
}
