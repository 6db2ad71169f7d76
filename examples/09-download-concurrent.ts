// 09. Downloading pictures concurrently
// Teaches: with coroutines (Python's `aiohttp` and `asyncio.wait`), all four
// requests are sent at once and the loop waits for their answers together,
// so the total time is about that of the slowest download: four pictures at
// half a second each take about half a second, not two.

/*--- Python, from the article ---
import aiohttp
import asyncio
import time


async def fetch(session, url):
    print(" Send a request: ", url)

    async with session.get(url, verify_ssl=False) as response:
        content = await response.content.read()
        file_name = url.rsplit('_')[-1]
        # print(file_name)
        with open(file_name, mode='wb') as file_object:
            file_object.write(content)
        print(" Download complete ")


async def main():
    async with aiohttp.ClientSession() as session:
        url_list = [
            'https://www3.autoimg.cn/newsdfs/g26/M02/35/A9/120x90_0_autohomecar__ChsEe12AXQ6AOOH_AAFocMs8nzU621.jpg',
            'https://www3.autoimg.cn/newsdfs/g26/M02/35/A9/120x90_0_autohomecar__ChsEe12AXQ6AOOH_AAFocMs8nzU621.jpg',
            'https://www3.autoimg.cn/newsdfs/g26/M02/35/A9/120x90_0_autohomecar__ChsEe12AXQ6AOOH_AAFocMs8nzU621.jpg',
            'https://www3.autoimg.cn/newsdfs/g26/M02/35/A9/120x90_0_autohomecar__ChsEe12AXQ6AOOH_AAFocMs8nzU621.jpg',
        ]
        tasks = [asyncio.ensure_future(fetch(session, url)) for url in url_list]
        await asyncio.wait(tasks)

if __name__ == '__main__':
    start = time.time()
    asyncio.get_event_loop().run_until_complete(main())
    end = time.time()
    print(end - start)

#  Results: 0.05s
---*/

// The same local server and options as example 08 (--latency, --out, --timeout,
// or URLs on the command line). Node's `fetch` keeps its own connection pool,
// so there is no session object to open and close as with aiohttp's
// ClientSession. The article names each file after the end of its URL; the
// four URLs it uses are the same picture, so it writes one file four times.
// Here files are numbered in the order of the URLs instead.
//
// `asyncio.wait` does not raise when a task fails: a failed task is among the
// `done` ones, holding its exception. So a bad URL or a server error shows up
// when the tasks are looked at afterwards, and the other pictures are saved
// all the same. A download that takes longer than --timeout is cancelled by
// `asyncio.waitFor`, which aborts its request.

import * as asyncio from "asyncio-ts";
import {
  describeFailure,
  fetchBytes,
  fileNameFor,
  prepareDownloads,
  savePicture,
  secondsSince,
} from "./lib/download.js";

const { urls, outDir, timeout, server } = await prepareDownloads();

async function fetchImage(url: string, fileName: string): Promise<void> {
  console.log(`Send a request: ${url}`);
  const content = await asyncio.waitFor(
    asyncio.wrapPromise((signal) => fetchBytes(url, signal)),
    timeout,
  );
  savePicture(outDir, fileName, content);
  console.log(`Download complete: ${fileName} (${content.length} bytes)`);
}

async function main(): Promise<number> {
  const tasks = urls.map((url, i) => asyncio.ensureFuture(fetchImage(url, fileNameFor(url, i + 1))));
  await asyncio.wait(tasks);
  // Not in the article: look at each task, as asyncio.wait leaves failures in them.
  let saved = 0;
  for (const [i, task] of tasks.entries()) {
    const error = task.exception();
    if (error === null) saved += 1;
    else console.log(`Download failed: ${urls[i]}: ${describeFailure(error)}`);
  }
  return saved;
}

const start = performance.now();
const saved = await asyncio.getEventLoop().runUntilComplete(main()).finally(() => server?.close());
console.log(`Saved ${saved} of ${urls.length} pictures in ${outDir}`);
console.log(`Total time: ${secondsSince(start)} s (all at once)`);
if (saved < urls.length) process.exitCode = 1;
