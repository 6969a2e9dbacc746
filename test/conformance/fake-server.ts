import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a fake server received, body read in full. */
export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingMessage['headers'];
  /** The raw body bytes. */
  raw: Buffer;
  /** The body parsed as JSON, or `undefined` when it is not JSON. */
  body: unknown;
}

/** A handler answers one recorded request on `res`; it may write a stream and end later. */
export type FakeHandler = (request: RecordedRequest, res: ServerResponse) => void | Promise<void>;

/** A small HTTP server on 127.0.0.1, port 0, for provider fakes: reads bodies, records requests, counts aborts. */
export interface FakeServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Resolves once `count` answers in all were cut by the peer (the gateway) before they ended. */
  waitForAborts(count: number): Promise<void>;
  /** Resolves at the next answer the peer cuts before it ended. */
  nextAbort(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a fake server that hands every request to `handler` after reading its body. */
export async function startFakeServer(handler: FakeHandler): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  let aborts = 0;
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const onAbort = () => {
    aborts += 1;
    for (const waiter of waiters.filter((waiter) => aborts >= waiter.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      let body: unknown;
      try {
        body = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : undefined;
      } catch {
        body = undefined;
      }
      const recorded: RecordedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, raw, body };
      requests.push(recorded);
      res.on('close', () => {
        if (!res.writableFinished) onAbort();
      });
      Promise.resolve(handler(recorded, res)).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`fake server handler failed: ${String(error)}`);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    waitForAborts(count) {
      if (aborts >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    nextAbort() {
      const count = aborts + 1;
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Writes server-sent events one by one; `stall` leaves the response open (the peer must go away). */
export function writeSse(res: ServerResponse, events: Array<{ event?: string; data: string }>, options: { stall?: boolean; contentType?: string } = {}): void {
  res.writeHead(200, { 'content-type': options.contentType ?? 'text/event-stream', 'cache-control': 'no-cache' });
  for (const { event, data } of events) res.write(`${event === undefined ? '' : `event: ${event}\n`}data: ${data}\n\n`);
  if (!options.stall) res.end();
}

/** Sends a JSON answer with `status`. */
export function writeJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
