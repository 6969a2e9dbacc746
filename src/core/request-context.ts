import type { CancelSignal } from '../api/cancel-signal.js';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';

/**
 * What the gateway knows about one request while it runs. The server creates one
 * per HTTP request and reads it back for response headers; plugins read it and
 * keep their own per-request data in `state`.
 */
export interface RequestContext {
  readonly requestId: string;
  /** `performance.now()` when the request arrived. */
  readonly startedAt: number;
  /** The caller's HTTP headers (lower-case names); empty in library mode unless given. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Aborted when the caller goes away. */
  readonly signal: CancelSignal | undefined;
  /** Milliseconds spent waiting on providers (to the first chunk, for streams). */
  upstreamMs: number;
  /** The provider and model that served (or last tried) the request. */
  provider: string | undefined;
  model: string | undefined;
  /** The key name used for the last attempt (never its value). */
  keyName: string | undefined;
  /** Upstream attempts made, retries included. */
  attempts: number;
  /** Parameters dropped or changed on the way, reported to the caller. */
  readonly warnings: string[];
  /** Per-request scratch space for plugins, keyed by plugin name. */
  readonly state: Map<string, unknown>;
}

/** Options for `createRequestContext`. */
export interface RequestContextInit {
  requestId?: string;
  /** The caller's headers, or a function that builds them when first read. */
  headers?: Readonly<Record<string, string | string[] | undefined>> | (() => Readonly<Record<string, string | string[] | undefined>>);
  signal?: CancelSignal;
  startedAt?: number;
}

export function createRequestContext(init: RequestContextInit = {}): RequestContext {
  let headers = init.headers ?? {};
  let state: Map<string, unknown> | undefined;
  return {
    requestId: init.requestId ?? randomUUID(),
    startedAt: init.startedAt ?? performance.now(),
    get headers() {
      if (typeof headers === 'function') headers = headers();
      return headers;
    },
    signal: init.signal,
    upstreamMs: 0,
    provider: undefined,
    model: undefined,
    keyName: undefined,
    attempts: 0,
    warnings: [],
    // Made when first used: most requests carry no plugin state.
    get state() {
      return (state ??= new Map());
    },
  };
}
