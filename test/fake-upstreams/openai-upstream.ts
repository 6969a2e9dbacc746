import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  defaultDeltas,
  echoDeltas,
  type FakeReply,
  type FakeToolCall,
  openAIError,
  type OpenAIErrorObject,
  toChatCompletion,
  toChatCompletionEvents,
  toEmbeddingResponse,
  toModelList,
} from './openai-wire.js';
import { toCompletion, toCompletionEvents, toResponse, toResponseErrorEvent, toResponseEvents } from './openai-responses-wire.js';

export { defaultDeltas, fakeEmbedding, type FakeToolCall, type OpenAIErrorObject } from './openai-wire.js';

/**
 * A fake OpenAI API for end-to-end tests: a `node:http` server on 127.0.0.1 that
 * speaks OpenAI's wire format (`openai-wire.ts`) for `POST /v1/chat/completions`
 * (JSON, or server-sent events), `POST /v1/embeddings` and `GET /v1/models`, and
 * (`openai-responses-wire.ts`) `POST /v1/completions` and `POST /v1/responses`. It
 * records every request, can be scripted per request (errors, delays, hangs, slow
 * or cut streams), and reports requests the peer abandoned before the answer was complete.
 */

/** How the fake answers one request. Everything is optional; an empty behaviour is a normal answer. */
export interface UpstreamBehaviour {
  /** Answer with this status and an OpenAI error body (`error`, or a realistic default for the status). */
  status?: number;
  /** Headers added to the answer, for example `retry-after`. */
  headers?: Record<string, string>;
  /** Fields of the error body's `error` object, over the default for `status`. */
  error?: Partial<OpenAIErrorObject>;
  /** Milliseconds to wait before sending the response headers. */
  delayMs?: number;
  /** Never answer; the request stays open until the peer goes away or the fake closes. */
  hang?: boolean;
  /** Close the connection without answering (after `delayMs`). */
  reset?: boolean;
  /** Answer with exactly this body (with `status`, 200 by default, and `contentType`), whatever the route. */
  rawBody?: string;
  /** Content type of `rawBody`; `application/json` by default. */
  contentType?: string;
  /** The assistant's text as stream deltas; joined for a non-streaming answer. */
  deltas?: string[];
  /** Answer with the last user message, one word per delta (overrides `deltas`), so parallel requests get distinct answers. */
  echo?: boolean;
  /** Tool calls the assistant makes (finish reason `tool_calls`). */
  toolCalls?: FakeToolCall[];
  /** Characters per streamed fragment of tool-call arguments; 5 by default. */
  argumentFragmentLength?: number;
  /** Answer `stream: true` with one JSON completion, as some OpenAI-compatible servers do. */
  ignoreStream?: boolean;
  /** Streaming: milliseconds between events. */
  chunkDelayMs?: number;
  /** Streaming: write each event in slices of this many bytes, in separate socket writes. */
  bytesPerWrite?: number;
  /** Streaming: destroy the socket once this many events were sent (the role chunk is event 1). */
  destroyAfterEvents?: number;
  /** Streaming: after this many events, send an in-band `{"error": ...}` event and end without `[DONE]`. */
  errorEventAfterEvents?: number;
  /** Streaming: after this many events, send nothing more and keep the response open. */
  stallAfterEvents?: number;
}

/** How one recorded request ended. */
export type RequestOutcome = 'finished' | 'aborted' | 'destroyed';

/** A request the fake received. */
export interface RecordedRequest {
  method: string;
  /** The path with its query string. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body; `undefined` when there was none or it was not JSON. */
  body: any;
  rawBody: string;
  /**
   * Resolves when the exchange is over: `finished` when the answer was sent whole,
   * `aborted` when the peer closed the connection first, `destroyed` when the fake
   * cut it on purpose (`reset`, `destroyAfterEvents`, or `close()`).
   */
  outcome: Promise<RequestOutcome>;
}

/** Options of `startOpenAIUpstream`. */
export interface OpenAIUpstreamOptions {
  /** Model ids of `GET /v1/models`. */
  models?: string[];
  /** The behaviour when no scripted one applies (scripted ones are laid over it). */
  defaults?: UpstreamBehaviour;
  /**
   * Where the API's paths start, `/v1` by default; `''` serves them at the root
   * (`POST /chat/completions`), as some OpenAI-compatible providers do.
   */
  apiPrefix?: string;
}

/** A running fake OpenAI API. */
export interface OpenAIUpstream {
  /** The origin, `http://127.0.0.1:PORT` (no `/v1`), as `network_config.base_url` takes it. */
  readonly url: string;
  /** Every request received, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** Requests whose peer went away before the answer was complete. */
  readonly abortedCount: number;
  /** Makes the next `times` requests (to `path`, when given) behave as `behaviour`. Scripts apply in order. */
  script(behaviour: UpstreamBehaviour, options?: { times?: number; path?: string }): void;
  /** Resolves once `count` requests have arrived; rejects after `timeoutMs`. */
  waitForRequests(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves once `count` requests in total were aborted by the peer; rejects after `timeoutMs`. */
  waitForAborts(count?: number, timeoutMs?: number): Promise<void>;
  /** Forgets recorded requests, scripts and counters. */
  reset(): void;
  /** Cuts every open connection and stops listening. */
  close(): Promise<void>;
}

/** Starts a fake OpenAI API on 127.0.0.1, on a free port. */
export async function startOpenAIUpstream(options: OpenAIUpstreamOptions = {}): Promise<OpenAIUpstream> {
  const models = options.models ?? ['gpt-4o-mini', 'gpt-4o', 'text-embedding-3-small'];
  const defaults = options.defaults ?? {};
  const apiPrefix = options.apiPrefix ?? '/v1';
  const requests: RecordedRequest[] = [];
  let scripts: { behaviour: UpstreamBehaviour; remaining: number; path?: string }[] = [];
  let abortedCount = 0;
  let completions = 0;
  let closing = false;
  const watchers = new Set<() => void>();
  const notify = () => {
    for (const watcher of [...watchers]) watcher();
  };

  const nextBehaviour = (path: string): UpstreamBehaviour => {
    const index = scripts.findIndex((entry) => entry.path === undefined || entry.path === path);
    if (index === -1) return defaults;
    const entry = scripts[index];
    if (--entry.remaining <= 0) scripts.splice(index, 1);
    return { ...defaults, ...entry.behaviour };
  };

  const answer = async (method: string, path: string, res: ServerResponse, body: any, behaviour: UpstreamBehaviour, cut: () => void) => {
    if (behaviour.hang) return;
    if (behaviour.delayMs) {
      await sleep(behaviour.delayMs);
      if (res.destroyed) return;
    }
    if (behaviour.reset) return cut();
    const headers = { 'x-request-id': `req_fake${requests.length}`, 'openai-processing-ms': '12', ...behaviour.headers };
    if (behaviour.rawBody !== undefined) return send(res, behaviour.status ?? 200, behaviour.rawBody, behaviour.contentType ?? 'application/json', headers);
    if (behaviour.status !== undefined && behaviour.status >= 400) {
      return sendJson(res, behaviour.status, { error: { ...openAIError(behaviour.status), ...behaviour.error } }, headers);
    }
    const apiPath = apiPrefix === '/v1' || !path.startsWith(`${apiPrefix}/`) ? path : `/v1${path.slice(apiPrefix.length)}`;
    const route = `${method} ${apiPath}`;
    if (route === 'POST /v1/chat/completions') {
      if (body === undefined) return sendJson(res, 400, { error: { ...openAIError(400), message: 'We could not parse the JSON body of your request.', param: null } }, headers);
      const reply: FakeReply = {
        deltas: behaviour.echo ? echoDeltas(body) : (behaviour.deltas ?? defaultDeltas),
        toolCalls: behaviour.toolCalls ?? [],
        argumentFragmentLength: behaviour.argumentFragmentLength ?? 5,
      };
      const id = `chatcmpl-fake${++completions}`;
      if (body.stream === true && !behaviour.ignoreStream) return stream(res, toChatCompletionEvents(id, body, reply), behaviour, headers, cut);
      return sendJson(res, 200, toChatCompletion(id, body, reply), headers);
    }
    if (route === 'POST /v1/completions' || route === 'POST /v1/responses') {
      const reply: FakeReply = { deltas: behaviour.deltas ?? defaultDeltas, toolCalls: behaviour.toolCalls ?? [], argumentFragmentLength: behaviour.argumentFragmentLength ?? 5 };
      const legacy = route === 'POST /v1/completions';
      const id = legacy ? `cmpl-fake${++completions}` : `resp_fake${++completions}`;
      if (body?.stream === true) {
        const events = legacy ? toCompletionEvents(id, body, reply) : toResponseEvents(id, body, reply);
        return stream(res, events, behaviour, headers, cut, legacy ? undefined : (error, sent) => toResponseErrorEvent(error.message, error.code, sent));
      }
      return sendJson(res, 200, legacy ? toCompletion(id, body, reply) : toResponse(id, body, reply), headers);
    }
    if (route === 'POST /v1/embeddings') return sendJson(res, 200, toEmbeddingResponse(body), headers);
    if (route === 'GET /v1/models') return sendJson(res, 200, toModelList(models), headers);
    sendJson(res, 404, { error: { message: `Invalid URL (${route})`, type: 'invalid_request_error', param: null, code: null } }, headers);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = rawBody === '' ? undefined : JSON.parse(rawBody);
      } catch {
        body = undefined;
      }
      let cutByUs = false;
      const cut = () => {
        cutByUs = true;
        res.destroy();
      };
      const outcome = new Promise<RequestOutcome>((resolve) => {
        res.once('close', () => {
          if (res.writableFinished) return resolve('finished');
          if (cutByUs || closing) return resolve('destroyed');
          abortedCount++;
          resolve('aborted');
          notify();
        });
      });
      const url = req.url ?? '/';
      const method = req.method ?? 'GET';
      requests.push({ method, path: url, headers: req.headers, body, rawBody, outcome });
      notify();
      const path = url.split('?')[0];
      answer(method, path, res, body, nextBehaviour(path), cut).catch(cut);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const waitFor = (done: () => boolean, timeoutMs: number, what: () => string) =>
    new Promise<void>((resolve, reject) => {
      if (done()) return resolve();
      const watcher = () => {
        if (!done()) return;
        clearTimeout(timer);
        watchers.delete(watcher);
        resolve();
      };
      const timer = setTimeout(() => {
        watchers.delete(watcher);
        reject(new Error(`fake upstream: timed out after ${timeoutMs}ms waiting for ${what()}`));
      }, timeoutMs);
      watchers.add(watcher);
    });

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get abortedCount() {
      return abortedCount;
    },
    script(behaviour, scriptOptions = {}) {
      scripts.push({ behaviour, remaining: scriptOptions.times ?? 1, path: scriptOptions.path });
    },
    waitForRequests(count, timeoutMs = 2000) {
      return waitFor(() => requests.length >= count, timeoutMs, () => `${count} request(s); got ${requests.length}`);
    },
    waitForAborts(count = 1, timeoutMs = 2000) {
      return waitFor(() => abortedCount >= count, timeoutMs, () => `${count} aborted request(s); saw ${abortedCount}`);
    },
    reset() {
      requests.length = 0;
      scripts = [];
      abortedCount = 0;
    },
    async close() {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** Streams `events` as server-sent events, as `behaviour` says: slowly, in slices, or cut, stalled or failed part-way. */
/** A server-sent event: `data:` only, or with its `event:` name (the Responses API names its events). */
type StreamEvent = string | { event: string; data: string };

async function stream(
  res: ServerResponse,
  events: StreamEvent[],
  behaviour: UpstreamBehaviour,
  headers: Record<string, string>,
  cut: () => void,
  errorEvent: (error: OpenAIErrorObject, sent: number) => StreamEvent = (error) => JSON.stringify({ error }),
): Promise<void> {
  res.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  res.flushHeaders();
  for (let sent = 0; sent <= events.length; sent++) {
    if (res.destroyed) return;
    if (sent === behaviour.destroyAfterEvents) return cut();
    if (sent === behaviour.stallAfterEvents) return;
    if (sent === behaviour.errorEventAfterEvents) {
      const error: OpenAIErrorObject = { ...openAIError(500), ...behaviour.error };
      await write(res, toSse(errorEvent(error, sent)));
      res.end();
      return;
    }
    if (sent === events.length) break;
    if (sent > 0 && behaviour.chunkDelayMs) await sleep(behaviour.chunkDelayMs);
    if (res.destroyed) return;
    await writeEvent(res, toSse(events[sent]), behaviour.bytesPerWrite);
  }
  res.end();
}

function toSse(event: StreamEvent): string {
  return typeof event === 'string' ? `data: ${event}\n\n` : `event: ${event.event}\ndata: ${event.data}\n\n`;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  send(res, status, JSON.stringify(body), 'application/json', headers);
}

function send(res: ServerResponse, status: number, text: string, contentType: string, headers: Record<string, string>): void {
  res.writeHead(status, { ...headers, 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Writes one event, whole or in byte slices (which may split a multi-byte character) with a pause between them. */
async function writeEvent(res: ServerResponse, text: string, bytesPerWrite: number | undefined): Promise<void> {
  if (!bytesPerWrite) return write(res, text);
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length && !res.destroyed; at += bytesPerWrite) {
    await write(res, bytes.subarray(at, at + bytesPerWrite));
    await sleep(1);
  }
}

/** Writes and waits until the bytes are handed to the socket (or it closed), so a following destroy cannot drop them. */
function write(res: ServerResponse, data: string | Buffer): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    const done = () => {
      res.off('close', done);
      resolve();
    };
    res.once('close', done);
    res.write(data, done);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
