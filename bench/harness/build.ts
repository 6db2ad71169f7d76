/**
 * How the measured processes load the code: compiled (the default) or from
 * source through tsx.
 *
 * The one idea: tsx compiles with esbuild's `keepNames`, which wraps every
 * named function created at run time in a helper that redefines its `name`
 * property. A library that makes a closure per await pays for that on every
 * await, and users of the published package never do. So by default the
 * harness measures the published build: `tsc -p tsconfig.build.json` emits
 * dist/, `tsc -p bench/tsconfig.build.json` emits the cases to
 * bench/results/build/, and the cases run on plain `node`, where
 * "asyncio-ts" resolves to dist/ through package.json's exports.
 */

import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const ROOT_DIR = fileURLToPath(new URL("../..", import.meta.url));
const BUILD_DIR = fileURLToPath(new URL("../results/build/", import.meta.url));

/** How to start a case process. */
export interface NodeRuntime {
  kind: "build" | "source";
  /** The child entry script. */
  entry: string;
  /** Node flags that load the code (tsx's loader from source; none for the build). */
  loaderFlags: string[];
  /** Turns a case module path (`workloads/switch.ts`) into what the entry imports. */
  modulePath(module: string): string;
}

/**
 * The loader flags of this process (`--import`/`--require`/`--loader` and
 * their values), so children load TypeScript the way the harness does.
 */
function ownLoaderFlags(): string[] {
  const flags: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--import" || arg === "--require" || arg === "--loader" || arg === "-r") {
      const value = argv[i + 1];
      if (value !== undefined) flags.push(arg, value);
      i++;
    } else if (/^--(import|require|loader)=/.test(arg)) {
      flags.push(arg);
    }
  }
  // Started some other way: ask Node to load tsx by name, from the project.
  if (flags.length === 0) flags.push("--import", "tsx");
  return flags;
}

/** Cases run from their TypeScript sources through tsx (faster to start, skewed figures). */
export function sourceRuntime(): NodeRuntime {
  return {
    kind: "source",
    entry: fileURLToPath(new URL("../child.ts", import.meta.url)),
    loaderFlags: ownLoaderFlags(),
    modulePath: (module) => module,
  };
}

function tsc(project: string): void {
  const tscPath = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const result = spawnSync(process.execPath, [tscPath, "-p", project], { cwd: ROOT_DIR, encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(`tsc -p ${project} failed:\n${result.stdout}${result.stderr}`);
  }
}

/** Compiles the library and the cases; returns how to run the compiled cases. */
export function buildRuntime(): NodeRuntime {
  tsc("tsconfig.build.json");
  mkdirSync(BUILD_DIR, { recursive: true });
  // The build is a by-product of a run: keep it out of git from inside.
  writeFileSync(`${BUILD_DIR}.gitignore`, "*\n");
  tsc("bench/tsconfig.build.json");
  return {
    kind: "build",
    entry: `${BUILD_DIR}child.js`,
    loaderFlags: [],
    modulePath: (module) => module.replace(/\.ts$/, ".js"),
  };
}
