// Unit tests: test/**/*.test.ts, run in forked workers on Node.
// The aliases mirror the `paths` in tsconfig.json so that tests and examples
// can import the package by its published name while running the sources.
// A promise rejected with nobody listening fails the run: Vitest reports it as
// an unhandled error and exits non-zero, so no Node flag is needed for that.
//
// The fake-timer recipes run in a worker thread instead: in a forked worker,
// on a machine whose cores are all busy, the run sometimes never ended after
// that file's tests had all passed (about one run in four under load; the
// file passed every time in a thread).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const fromRoot = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export const alias = [
  { find: /^asyncio-ts$/, replacement: fromRoot("./src/index.ts") },
  { find: /^asyncio-ts\/testing$/, replacement: fromRoot("./src/testing/index.ts") },
];

const FAKE_TIMERS = "test/faketimers.test.ts";

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      { extends: true, test: { name: "unit", include: ["test/**/*.test.ts"], exclude: [FAKE_TIMERS], pool: "forks" } },
      { extends: true, test: { name: "fake-timers", include: [FAKE_TIMERS], pool: "threads" } },
    ],
  },
});
