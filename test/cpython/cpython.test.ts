/**
 * CPython as the oracle for the library's higher layers (timeouts, task
 * groups, `as_completed`, locks, queues, ...).
 *
 * Each `NAME.py` here is a small asyncio program and `NAME.out` what CPython
 * 3.13 printed for it (`bash test/cpython/regen.sh` reruns them). Its twin
 * `NAME.ts` exports `program(print)`, which runs the same program on
 * asyncio-ts with a virtual clock and must print the very same lines. Every
 * `.py` that has both an `.out` and a `.ts` is a test; a `.py` missing either
 * fails the check at the bottom. `_virtual_loop.py` is the virtual-time
 * CPython loop that the programs share.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

type Program = (print: (line: string) => void) => Promise<void>;

const dir = fileURLToPath(new URL("./", import.meta.url));

const programs = readdirSync(dir)
  // `_name.py` files are shared modules of the programs, not programs.
  .filter((file) => file.endsWith(".py") && !file.startsWith("_"))
  .sort()
  .map((file) => {
    const name = file.slice(0, -".py".length);
    return { name, out: `${dir}${name}.out`, twin: `${dir}${name}.ts` };
  });

const cases = programs
  .filter(({ out, twin }) => existsSync(out) && existsSync(twin))
  .map(({ name, out, twin }) => {
    const expected = readFileSync(out, "utf8").split("\n");
    if (expected.at(-1) === "") expected.pop();
    return { name, twin, expected };
  });

async function runTwin(path: string): Promise<string[]> {
  const module = (await import(pathToFileURL(path).href)) as { default: Program };
  const lines: string[] = [];
  await module.default((line) => lines.push(line));
  return lines;
}

describe("behaviour matches CPython 3.13", () => {
  it.each(cases)("$name", async ({ twin, expected }) => {
    expect(await runTwin(twin)).toEqual(expected);
  });
});

describe("the oracle programs", () => {
  it.each(programs)("$name has its CPython output and a TypeScript twin", ({ out, twin }) => {
    expect({ out: existsSync(out), twin: existsSync(twin) }).toEqual({ out: true, twin: true });
  });
});
