// 08. Downloading pictures one after another
// Teaches: with blocking downloads (Python's `requests`), each download waits
// for the network before the next one starts, so the total time is the sum of
// all the downloads: four pictures at half a second each take two seconds.

/*--- Python, from the article ---
import time
import requests

def download_image(url, img_name):
    print(" Start downloading :", url)
    #  Send network requests and download pictures
    response = requests.get(url)
    print(" Download complete ")
    #  Save pictures to local files
    file_name = str(img_name) + '.png'
    with open(file_name, mode='wb') as file:
        file.write(response.content)

if __name__ == '__main__':
    start = time.time()
    url_list = [
        'https://tse4-mm.cn.bing.net/th/id/OIP.866vRxQ8QvyDsrUuXiu7qwHaNK?w=182&h=324&c=7&o=5&pid=1.7',
        'https://tse2-mm.cn.bing.net/th/id/OIP.HUcWtoYPG-z2pu4ityajbAHaKQ?w=182&h=252&c=7&o=5&pid=1.7',
        'https://tse2-mm.cn.bing.net/th/id/OIP.MvncR0-Pt9hVxKTdrvD9dAHaNK?w=182&h=324&c=7&o=5&pid=1.7',
        'https://tse1-mm.cn.bing.net/th/id/OIP._nGloaeMWbL7NB7Lp6SnXQHaLH?w=182&h=273&c=7&o=5&pid=1.7',
        ]
    img_name = 1
    for item in url_list:
        download_image(item, img_name)
        img_name += 1
    end = time.time()
    print(end - start)

 #  Final time: 7.25s
---*/

// No internet is needed: unless URLs are given on the command line, the
// example starts a small HTTP server on 127.0.0.1 that serves four generated
// PNG pictures, each after a configurable latency (--latency, 0.5 s by
// default), and writes the pictures to a temporary folder (or --out DIR).
//
// JavaScript has no blocking HTTP call, so "one after another" is a single
// task that awaits each download before starting the next, which is what a
// blocking `requests.get` amounts to. The download is Node's `fetch`, a
// native promise, bridged to the loop with `asyncio.wrapPromise`: given a
// function, it passes in an AbortSignal, and cancelling the future (here:
// `asyncio.waitFor` running out of time) aborts the request. A failed download
// is reported and the loop goes on with the next one.

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

async function downloadImage(url: string, imgName: number): Promise<boolean> {
  console.log(`Start downloading: ${url}`);
  // Send the request and download the picture.
  let content: Uint8Array;
  try {
    content = await asyncio.waitFor(
      asyncio.wrapPromise((signal) => fetchBytes(url, signal)),
      timeout,
    );
  } catch (error) {
    // Cancellation is how asyncio stops a task: never swallow it.
    if (error instanceof asyncio.CancelledError) throw error;
    console.log(`Download failed: ${url}: ${describeFailure(error)}`);
    return false;
  }
  // Save the picture to a local file.
  const fileName = fileNameFor(url, imgName);
  savePicture(outDir, fileName, content);
  console.log(`Download complete: ${fileName} (${content.length} bytes)`);
  return true;
}

// The main coroutine is lazy, like Python's: its body starts when
// `asyncio.run` runs it on the loop. (A bare `async function main` would start
// the first download while `main()` is being called, before any loop exists.)
const main = asyncio.coroutine(async function main(): Promise<number> {
  let saved = 0;
  let imgName = 1;
  for (const item of urls) {
    if (await downloadImage(item, imgName)) saved += 1;
    imgName += 1;
  }
  return saved;
});

const start = performance.now();
const saved = await asyncio.run(main()).finally(() => server?.close());
console.log(`Saved ${saved} of ${urls.length} pictures in ${outDir}`);
console.log(`Total time: ${secondsSince(start)} s (one after another)`);
if (saved < urls.length) process.exitCode = 1;
