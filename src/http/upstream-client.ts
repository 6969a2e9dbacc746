import type { CancelSignal } from '../api/cancel-signal.js';
import { Agent, errors as undiciErrors, type Dispatcher } from 'undici';
import { FreeListPool } from './free-list-pool.js';
import { errors } from '../errors/index.js';

/** One request to a provider. */
export interface UpstreamRequest {
  /** The provider's name, for error messages. */
  provider: string;
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string | Buffer;
  signal?: CancelSignal;
  /** Time allowed for the response headers, and then between body chunks. */
  timeoutMs: number;
}

/** A provider's answer; `body` must be read or dumped by the caller. */
export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData['body'];
}

/** Options of the shared upstream connection pools. */
export interface UpstreamClientOptions {
  /** Connections kept per origin; `undefined` means no limit. */
  connectionsPerOrigin?: number;
  keepAliveTimeoutMs?: number;
}

/**
 * The HTTP client every adapter uses: undici keep-alive pools per origin.
 * Network failures and timeouts become `GatewayError`s; HTTP error statuses are
 * returned as they are, for the adapter to map (it knows the provider's error body).
 */
export class UpstreamClient {
  readonly #agent: Agent;

  constructor(options: UpstreamClientOptions = {}) {
    const perOrigin = options.connectionsPerOrigin;
    this.#agent = new Agent({
      connections: perOrigin ?? null,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
      keepAliveMaxTimeout: 10 * 60_000,
      pipelining: 1,
      // Without a per-origin cap, connections come from a free list (constant time per request).
      ...(perOrigin === undefined ? { factory: (origin: string | URL, opts: object) => new FreeListPool(String(origin), opts) } : {}),
    });
  }

  /** Sends a request; resolves with the provider's answer whatever its status, rejects with a `GatewayError` on a transport failure. */
  send(request: UpstreamRequest): Promise<UpstreamResponse> {
    // The callback form of undici's request() makes one promise here instead of a chain.
    return new Promise((resolve, reject) => {
      this.#agent.request(
        {
          origin: originOf(request.url),
          path: pathOf(request.url),
          method: request.method,
          headers: request.headers,
          body: request.body,
          // undici takes any object with addEventListener/removeEventListener and `aborted`.
          signal: request.signal as AbortSignal | undefined,
          headersTimeout: request.timeoutMs,
          bodyTimeout: request.timeoutMs,
        },
        (error, response) => {
          if (error) reject(toTransportError(request.provider, request.timeoutMs, error, request.signal));
          else resolve({ status: response.statusCode, headers: response.headers, body: response.body });
        },
      );
    });
  }

  /** Closes every pooled connection; in-flight requests finish first. */
  async close(): Promise<void> {
    await this.#agent.close();
  }
}

/** Maps an error thrown while talking to a provider (connecting, or reading a body) to a `GatewayError`. */
export function toTransportError(provider: string, timeoutMs: number, error: unknown, signal?: CancelSignal): Error {
  if (signal?.aborted) {
    const reason = signal.reason;
    return reason instanceof Error && reason.name === 'GatewayError' ? reason : errors.requestCancelled();
  }
  if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) {
    return errors.upstreamTimeout(provider, timeoutMs / 1000, error);
  }
  if (error instanceof Error && error.name === 'GatewayError') return error;
  return errors.upstreamUnreachable(provider, error);
}

const originCache = new Map<string, { origin: string; pathStart: number }>();

function split(url: string): { origin: string; pathStart: number } {
  const schemeEnd = url.indexOf('//') + 2;
  const slash = url.indexOf('/', schemeEnd);
  const origin = slash === -1 ? url : url.slice(0, slash);
  return { origin, pathStart: slash === -1 ? url.length : slash };
}

function originOf(url: string): string {
  const cached = originCache.get(url);
  if (cached) return cached.origin;
  const parts = split(url);
  if (originCache.size < 10_000) originCache.set(url, parts);
  return parts.origin;
}

function pathOf(url: string): string {
  const parts = originCache.get(url) ?? split(url);
  return parts.pathStart === url.length ? '/' : url.slice(parts.pathStart);
}
