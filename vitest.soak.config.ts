// Soak tests: long randomized runs kept out of `npm test`; run with `npm run soak`.
import { defineConfig } from "vitest/config";
import { alias } from "./vitest.config.js";

export default defineConfig({
  resolve: { alias },
  test: {
    include: ["test/soak/**/*.soak.ts"],
    pool: "forks",
    testTimeout: 30 * 60 * 1000,
    hookTimeout: 5 * 60 * 1000,
  },
});
