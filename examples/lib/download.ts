// What the two download examples share: the command line, the local image
// server they start when no URLs are given, the plain `fetch` call, and where
// the pictures are written. The part that differs, and that the examples are
// about, is how the downloads are scheduled on the asyncio loop; that stays in
// examples/08-download-sequential.ts and examples/09-download-concurrent.ts.

import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, extname, join } from "node:path";
import { parseArgs } from "node:util";
import { startImageServer, type ImageServer } from "./image-server.js";

/** How many pictures the examples fetch from their own server, as in the article. */
export const IMAGE_COUNT = 4;

export interface DownloadOptions {
  /** The URLs to fetch, in order. */
  urls: string[];
  /** The folder the pictures are written to. */
  outDir: string;
  /** Seconds one download may take before it is cancelled. */
  timeout: number;
  /** The local server, when no URLs were given on the command line. */
  server: ImageServer | null;
}

export const USAGE = `usage: npx tsx examples/NN-download-....ts [--out DIR] [--latency SECONDS] [--timeout SECONDS] [URL ...]

  URL ...            pictures to download; without any, a local server on
                     127.0.0.1 serves ${IMAGE_COUNT} generated PNG images
  --out DIR          where to write the pictures (default: a new temporary folder)
  --latency SECONDS  how long the local server holds each response (default 0.5)
  --timeout SECONDS  give up on one download after this long (default 10)`;

function seconds(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < 0) {
    throw new Error(`--${name} expects a number of seconds, got '${text}'`);
  }
  return value;
}

/**
 * Reads the command line, creates the output folder and, unless URLs were
 * given, starts the local image server. Prints a usage message and exits on
 * `--help` or a bad option.
 */
export async function prepareDownloads(argv: string[] = process.argv.slice(2)): Promise<DownloadOptions> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: "string" },
        latency: { type: "string" },
        timeout: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    console.log(USAGE);
    process.exit(0);
  }
  let latency: number;
  let timeout: number;
  try {
    latency = seconds("latency", values.latency, 0.5);
    timeout = seconds("timeout", values.timeout, 10);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }

  const outDir = values.out ?? mkdtempSync(join(tmpdir(), "asyncio-ts-images-"));
  mkdirSync(outDir, { recursive: true });

  if (positionals.length > 0) return { urls: positionals, outDir, timeout, server: null };
  const server = await startImageServer({ latency });
  console.log(`Serving ${IMAGE_COUNT} generated PNG images on ${server.origin} (${latency} s latency each)`);
  const urls = Array.from({ length: IMAGE_COUNT }, (_, i) => server.imageUrl(i + 1));
  return { urls, outDir, timeout, server };
}

/**
 * Fetches one URL with Node's `fetch` and returns the body. A plain native
 * promise: the examples bridge it to the loop. `signal` aborts both the
 * request and the reading of the body.
 */
export async function fetchBytes(url: string, signal: AbortSignal): Promise<Uint8Array> {
  const response = await fetch(url, { signal });
  if (!response.ok) {
    // Drain the body so that the connection can be reused.
    await response.arrayBuffer();
    throw new Error(`HTTP ${response.status} ${response.statusText}`.trimEnd());
  }
  return new Uint8Array(await response.arrayBuffer());
}

/** `N.ext`, the extension taken from the URL's path (`.png` when it has none). */
export function fileNameFor(url: string, index: number): string {
  let extension = ".png";
  try {
    const fromPath = extname(basename(new URL(url).pathname));
    if (/^\.[A-Za-z0-9]{1,5}$/.test(fromPath)) extension = fromPath.toLowerCase();
  } catch {
    // Not a URL: the download reports that; the name does not matter.
  }
  return `${index}${extension}`;
}

/** Writes a picture, blocking, as the article's `open(...).write(...)` does. */
export function savePicture(outDir: string, fileName: string, content: Uint8Array): string {
  const path = join(outDir, fileName);
  writeFileSync(path, content);
  return path;
}

/** A short reason for a failed download, for the per-image report. */
export function describeFailure(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
    const parts = [error.constructor.name, error.message].filter((part) => part !== "");
    return `${parts.join(": ")}${cause}`;
  }
  return String(error);
}

/** Seconds since `start` (a `performance.now()` reading), with millisecond precision. */
export function secondsSince(start: number): string {
  return ((performance.now() - start) / 1000).toFixed(3);
}
