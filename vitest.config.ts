// Unit tests: test/**/*.test.ts, run in forked workers on Node.
// The aliases mirror the `paths` in tsconfig.json so that tests and examples
// can import the package by its published name while running the sources.
// A promise rejected with nobody listening fails the run: Vitest reports it as
// an unhandled error and exits non-zero, so no Node flag is needed for that.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const fromRoot = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export const alias = [
  { find: /^asyncio-ts$/, replacement: fromRoot("./src/index.ts") },
  { find: /^asyncio-ts\/testing$/, replacement: fromRoot("./src/testing/index.ts") },
];

export default defineConfig({
  resolve: { alias },
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
  },
});
