// Lint: typescript-eslint's type-aware rules over every TypeScript file.
// The rules that matter most for an event loop library are the promise rules:
// a floating or misused promise is how a callback silently runs at the wrong
// time or an error disappears.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig(
  {
    ignores: ["dist/", "node_modules/", "coverage/", "bench/results/"],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Futures, Tasks and the values of sleep()/gather() are thenables, not
      // Promises; without checkThenables the rule would not see them. A task
      // started on purpose and not awaited is marked with `void`.
      "@typescript-eslint/no-floating-promises": ["error", { checkThenables: true }],
      "@typescript-eslint/no-misused-promises": "error",
      // A generator coroutine may finish without yielding, as a Python
      // coroutine may return without awaiting; the same goes for async functions.
      "require-yield": "off",
      "@typescript-eslint/require-await": "off",
      // Futures reject with whatever the coroutine raised, which is typed unknown.
      "@typescript-eslint/prefer-promise-reject-errors": ["error", { allowThrowingUnknown: true }],
      "@typescript-eslint/restrict-template-expressions": [
        "error",
        { allowNumber: true, allowBoolean: true, allowNullish: true },
      ],
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          caughtErrorsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
        },
      ],
      "no-empty": ["error", { allowEmptyCatch: true }],
    },
  },
  {
    // Plain JavaScript (this file) is outside the TypeScript project.
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
