import type { CancelSignal } from '../api/cancel-signal.js';
import type { Usage } from '../api/chat.js';
import { performance } from 'node:perf_hooks';
import { newRequestId } from './request-id.js';

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
  /** Upstream attempts made, retries included (over every target tried, a hedge included). */
  attempts: number;
  /** Which target of the request's plan served it: 0 the first, 1 the next (its first fallback), ... */
  fallbackIndex: number;
  /** Set when a hedged request was sent: `won` when the hedge answered first, `lost` when the first target did. */
  hedge: 'won' | 'lost' | undefined;
  /** The answer's token usage, once known (a stream's at its end). */
  usage: Usage | undefined;
  /** What the answer cost in US dollars, from the price table, once usage is known and the model is priced. */
  costUsd: number | undefined;
  /** The id of the governance virtual key the request was made with. */
  virtualKey: string | undefined;
  /** The team and customer of that virtual key, when it has them (metrics labels). */
  virtualKeyTeam: string | undefined;
  virtualKeyCustomer: string | undefined;
  /**
   * The keys of one provider the request may use (a virtual key's `key_ids` for the
   * provider chosen); other providers' keys are not restricted. `undefined`: any key.
   */
  allowedKeyNames: AllowedKeyNames | undefined;
  /** What a response cache did for the request (`hit-exact`, `hit-semantic`, `miss`, `bypass`), when one took part. */
  cacheStatus: string | undefined;
  /** The similarity of a semantic cache hit (0 to 1). */
  cacheSimilarity: number | undefined;
  /** Parameters dropped or changed on the way, reported to the caller. */
  readonly warnings: string[];
  /** Per-request scratch space for plugins, keyed by plugin name. */
  readonly state: Map<string, unknown>;
  /**
   * A provider key the caller sent in its API's own credential header (`x-api-key`,
   * `x-goog-api-key`, `api-key`, a bearer token). Used instead of the configured
   * keys only when `client.allow_direct_keys` is on; never forwarded otherwise.
   */
  directKey: string | undefined;
  /**
   * Headers of the caller's own API that a drop-in surface forwards as they came
   * (`anthropic-beta`, ...). The gateway adds them to every provider call, with the
   * caller headers `client.header_filter_config` allows; its denylist applies to
   * them, and credential or hop-by-hop headers never pass.
   */
  forwardHeaders: Readonly<Record<string, string>> | undefined;
}

/** Provider key names a request is limited to, for one provider. */
export interface AllowedKeyNames {
  /** The provider's name (a `ProviderRuntime`'s `name`). */
  readonly provider: string;
  /** Names of that provider's keys the request may use. */
  readonly names: readonly string[];
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
  return new Context(init);
}

type Headers = Readonly<Record<string, string | string[] | undefined>>;

/**
 * A class, not an object literal: getters on a literal made V8 keep every context
 * in slow (dictionary) mode, which cost a fifth of the non-streaming throughput.
 */
class Context implements RequestContext {
  readonly requestId: string;
  readonly startedAt: number;
  readonly signal: CancelSignal | undefined;
  upstreamMs = 0;
  provider: string | undefined = undefined;
  model: string | undefined = undefined;
  keyName: string | undefined = undefined;
  attempts = 0;
  fallbackIndex = 0;
  hedge: 'won' | 'lost' | undefined = undefined;
  usage: Usage | undefined = undefined;
  costUsd: number | undefined = undefined;
  virtualKey: string | undefined = undefined;
  virtualKeyTeam: string | undefined = undefined;
  virtualKeyCustomer: string | undefined = undefined;
  allowedKeyNames: AllowedKeyNames | undefined = undefined;
  cacheStatus: string | undefined = undefined;
  cacheSimilarity: number | undefined = undefined;
  directKey: string | undefined = undefined;
  forwardHeaders: Readonly<Record<string, string>> | undefined = undefined;
  readonly warnings: string[] = [];
  #headers: Headers | (() => Headers);
  #state: Map<string, unknown> | undefined = undefined;

  constructor(init: RequestContextInit) {
    this.requestId = init.requestId ?? newRequestId();
    this.startedAt = init.startedAt ?? performance.now();
    this.signal = init.signal;
    this.#headers = init.headers ?? {};
  }

  /** Built when first read (the server passes a function): most requests never need the object. */
  get headers(): Headers {
    const headers = this.#headers;
    if (typeof headers !== 'function') return headers;
    return (this.#headers = headers());
  }

  /** Made when first used: most requests carry no plugin state. */
  get state(): Map<string, unknown> {
    return (this.#state ??= new Map());
  }
}
