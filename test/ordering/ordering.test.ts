/**
 * CPython as the oracle for scheduling order.
 *
 * Each `py/NN-name.py` is a small asyncio program whose output shows how steps,
 * callbacks and timers interleave; `py/NN-name.out` is what CPython 3.13
 * printed for it (`bash test/ordering/regen.sh` reruns them all). Its twins,
 * `ts/NN-name.gen.ts` (generator spelling) and `ts/NN-name.async.ts` (async
 * function spelling), run the same program on asyncio-ts with a virtual clock
 * and must print the very same lines. A program without an async twin says
 * why in a `# No async twin:` comment.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

type Program = (print: (line: string) => void) => Promise<void>;

const pyDir = fileURLToPath(new URL("./py/", import.meta.url));
const tsDir = fileURLToPath(new URL("./ts/", import.meta.url));

const programs = readdirSync(pyDir)
  .filter((file) => file.endsWith(".py"))
  .sort()
  .map((file) => {
    const name = file.slice(0, -".py".length);
    const source = readFileSync(`${pyDir}${file}`, "utf8");
    const expected = readFileSync(`${pyDir}${name}.out`, "utf8").split("\n");
    if (expected.at(-1) === "") expected.pop();
    return { name, source, expected };
  });

const spellings = [
  { suffix: "gen", label: "generator spelling" },
  { suffix: "async", label: "async function spelling" },
] as const;

const cases = programs.flatMap(({ name, expected }) =>
  spellings
    .map(({ suffix, label }) => ({ name, label, expected, path: `${tsDir}${name}.${suffix}.ts` }))
    .filter(({ path }) => existsSync(path)),
);

async function runTwin(path: string): Promise<string[]> {
  const module = (await import(pathToFileURL(path).href)) as { default: Program };
  const lines: string[] = [];
  await module.default((line) => lines.push(line));
  return lines;
}

describe("scheduling order matches CPython 3.13", () => {
  it.each(cases)("$name ($label)", async ({ path, expected }) => {
    expect(await runTwin(path)).toEqual(expected);
  });
});

describe("the oracle programs", () => {
  it("number at least 24", () => {
    expect(programs.length).toBeGreaterThanOrEqual(24);
  });

  it.each(programs)("$name has a generator twin", ({ name }) => {
    expect(existsSync(`${tsDir}${name}.gen.ts`)).toBe(true);
  });

  it.each(programs)("$name has an async twin or says why not", ({ name, source }) => {
    const hasTwin = existsSync(`${tsDir}${name}.async.ts`);
    const explains = /^# No async twin: \S/m.test(source);
    expect(hasTwin !== explains).toBe(true);
  });
});
