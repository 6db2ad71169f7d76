// A small HTTP server on 127.0.0.1 that plays the part of the image hosts in
// the article's download examples, so that they run without internet.
//
// Each response waits `latency` seconds before it is sent: that wait is the
// network time a download spends idle, which is exactly what coroutines let a
// program overlap. The server runs on Node's own event loop (node:http), not
// on asyncio-ts's loop, as a remote host would.
//
// Routes:
//   GET /images/N.png       a generated PNG picture for N (1, 2, ...)
//   GET /status/CODE        an empty response with that HTTP status
//   anything else           404
// Any route takes `?latency=SECONDS` to override the server's latency.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { sampleImage } from "./png.js";

export interface ImageServerOptions {
  /** Seconds each response is held back (default 0.5). */
  latency?: number;
  /** Port to listen on (default 0: an ephemeral port chosen by the system). */
  port?: number;
  /** Called with the path (and query) of each request as it arrives. */
  onRequest?: (path: string) => void;
  /** Called when a client gives up on a request before its response was sent. */
  onAbandoned?: (path: string) => void;
}

export interface ImageServer {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** The latency every response waits unless the request overrides it. */
  readonly latency: number;
  /** The URL of picture number `index`. */
  imageUrl(index: number): string;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

const IMAGE_PATH = /^\/images\/(\d{1,4})\.png$/;
const STATUS_PATH = /^\/status\/(\d{3})$/;

function respond(request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  const image = IMAGE_PATH.exec(url.pathname);
  if (request.method === "GET" && image !== null) {
    const body = sampleImage(Number(image[1]));
    response.writeHead(200, { "Content-Type": "image/png", "Content-Length": body.length });
    response.end(body);
    return;
  }
  const status = STATUS_PATH.exec(url.pathname);
  const code = status === null ? 404 : Number(status[1]);
  response.writeHead(code >= 200 && code <= 599 ? code : 400, { "Content-Type": "text/plain" });
  response.end(status === null ? "not found\n" : "");
}

/** Starts an image server and resolves once it is listening. */
export async function startImageServer(options: ImageServerOptions = {}): Promise<ImageServer> {
  const latency = options.latency ?? 0.5;
  if (!(latency >= 0)) throw new RangeError(`latency must be a number of seconds >= 0, got ${latency}`);
  const pending = new Set<NodeJS.Timeout>();

  const server = createServer((request, response) => {
    const requested = new URL(request.url ?? "/", "http://127.0.0.1").searchParams.get("latency");
    const delay = requested !== null && Number(requested) >= 0 ? Number(requested) : latency;
    const path = request.url ?? "/";
    options.onRequest?.(path);
    let sent = false;
    const timer = setTimeout(() => {
      pending.delete(timer);
      sent = true;
      respond(request, response);
    }, delay * 1000);
    pending.add(timer);
    // A client that gives up (an aborted download) should not leave a timer behind.
    response.on("close", () => {
      clearTimeout(timer);
      pending.delete(timer);
      if (!sent) options.onAbandoned?.(path);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    latency,
    imageUrl: (index) => `${origin}/images/${index}.png`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of pending) clearTimeout(timer);
        pending.clear();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        // Keep-alive connections would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}
