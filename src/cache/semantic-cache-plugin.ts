import { performance } from 'node:perf_hooks';
import type { CancelSignal, ChatRequest, ChatResponse, EmbeddingResponse, StreamChunk } from '../api/index.js';
import { durationMs, type SemanticCacheConfig } from '../config/cache-schema.js';
import { newRequestId } from '../core/request-id.js';
import type { Gateway } from '../gateway-api.js';
import type { Logger } from '../logging/logger.js';
import { rateLimitedWarn } from '../logging/rate-limited-warn.js';
import type { Plugin, PluginRequest, ResponseOutcome } from '../plugins/contract.js';
import { StreamCollector } from '../streaming/collect-stream.js';
import type { CacheEntry } from './cache-entry.js';
import type { CacheMetrics } from './cache-metrics.js';
import type { CacheStore } from './cache-store.js';
import { exactCacheKey, semanticPartition, type CacheKeyOptions } from './canonical-key.js';
import { promptText } from './prompt-text.js';
import { readRequestCacheOptions } from './request-cache-options.js';

/** The plugin's name in `plugins[]` (and its key in `RequestContext.state`). */
export const semanticCachePluginName = 'semantic_cache';

/** What the cache plugin uses of the gateway. */
export interface SemanticCacheServices {
  store: CacheStore;
  /** The gateway's `embed`: the cache's embedding calls are ordinary embed requests. */
  embed: Gateway['embed'];
  metrics: CacheMetrics;
  logger: Logger;
  /** Clock in epoch milliseconds for entry times and expiry; `Date.now` by default. */
  now?: () => number;
}

/** The response cache plugin; `flush` is for tests and shutdown. */
export interface SemanticCachePlugin extends Plugin {
  /** Resolves when every store write started so far has settled. */
  flush(): Promise<void>;
}

/**
 * The response cache (`semantic_cache`): answers a chat request from a stored
 * answer to the same request (exact) or to one that means the same (semantic,
 * by embedding similarity within the request's partition), and stores complete
 * provider answers. Embed requests pass through. Store and embedding failures
 * never fail a request: the request is then served by the provider.
 */
export function createSemanticCachePlugin(config: SemanticCacheConfig, services: SemanticCacheServices): SemanticCachePlugin {
  return new SemanticCache(config, services);
}

/** Per-request data kept between `onRequest` and `onResponse`. */
interface PendingStore {
  key: string;
  partition: string;
  cacheKey: string | null;
  ttlMs: number;
  /** The text to embed for the entry, when it takes part in semantic matching. */
  text: string | undefined;
  vector: Float32Array | undefined;
  /** Collects a streamed answer (chat-stream only). */
  collector: StreamCollector | undefined;
  streamFailed: boolean;
}

const closeWaitMs = 5_000;

class SemanticCache implements SemanticCachePlugin {
  readonly name = semanticCachePluginName;
  readonly #config: SemanticCacheConfig;
  readonly #store: CacheStore;
  readonly #embed: Gateway['embed'];
  readonly #metrics: CacheMetrics;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #keyOptions: CacheKeyOptions;
  readonly #ttlMs: number;
  readonly #exact: boolean;
  readonly #semantic: boolean;
  readonly #embeddingModel: string | undefined;
  readonly #finishReasons: ReadonlySet<string>;
  readonly #pending = new Set<Promise<void>>();
  /** One rate-limited warning per kind of failure: a store or embedding model that is down fails every request. */
  readonly #warnings: Record<'store' | 'lookup' | 'embed', (fields: Record<string, unknown>, message: string) => void>;

  constructor(config: SemanticCacheConfig, services: SemanticCacheServices) {
    this.#config = config;
    this.#store = services.store;
    this.#embed = services.embed;
    this.#metrics = services.metrics;
    this.#logger = services.logger;
    this.#warnings = { store: rateLimitedWarn(services.logger), lookup: rateLimitedWarn(services.logger), embed: rateLimitedWarn(services.logger) };
    this.#now = services.now ?? Date.now;
    const canEmbed = config.provider !== undefined && config.embedding_model !== undefined;
    this.#keyOptions = {
      cacheByModel: config.cache_by_model,
      cacheByProvider: config.cache_by_provider,
      excludeSystemPrompt: config.exclude_system_prompt,
      embeddingModel: canEmbed ? `${config.provider}/${config.embedding_model}` : undefined,
    };
    this.#ttlMs = durationMs(config.ttl);
    const mode = config.mode ?? (canEmbed ? 'both' : 'exact');
    this.#exact = mode !== 'semantic';
    this.#semantic = mode !== 'exact' && canEmbed;
    this.#embeddingModel = canEmbed ? `${config.provider}/${config.embedding_model}` : undefined;
    this.#finishReasons = new Set(config.cache_finish_reasons);
    if (mode !== 'exact' && !canEmbed) this.#logger.warn({ plugin: this.name, mode }, 'semantic_cache: semantic matching needs provider and embedding_model; matching exactly only');
  }

  async onRequest({ operation, request, context }: PluginRequest) {
    if (operation === 'embed') return undefined;
    const options = readRequestCacheOptions(context.headers);
    if (this.#config.require_cache_key && options.cacheKey === undefined) {
      context.cacheStatus = 'bypass';
      return undefined;
    }
    const chat = request as ChatRequest;
    const exact = this.#exact && options.type !== 'semantic';
    const text = this.#semantic && options.type !== 'direct' && chat.messages.length <= this.#config.conversation_history_threshold ? promptText(chat.messages) : '';
    const semantic = text !== '';
    const lookup = options.lookup && (exact || semantic);
    if (!lookup && !options.store) {
      context.cacheStatus = 'bypass';
      return undefined;
    }

    const key = exactCacheKey(chat, options.cacheKey, this.#keyOptions);
    let partition: string | undefined;
    let vector: Float32Array | undefined;
    if (lookup) {
      if (exact) {
        const started = performance.now();
        const entry = await this.#lookup(() => this.#store.getExact(key, this.#now()));
        this.#metrics.lookup('direct', (performance.now() - started) / 1000);
        if (entry !== undefined && entry.expiresAt > this.#now()) {
          context.cacheStatus = 'hit-exact';
          this.#metrics.hit('direct');
          return { response: structuredClone(entry.response) };
        }
      }
      if (semantic) {
        const started = performance.now();
        partition = semanticPartition(chat, options.cacheKey, this.#keyOptions);
        vector = await this.#embedText(text, context.signal);
        const match = vector === undefined ? undefined : await this.#lookup(() => this.#store.findSimilar(partition!, vector!, options.threshold ?? this.#config.threshold, this.#now()));
        this.#metrics.lookup('semantic', (performance.now() - started) / 1000);
        if (match !== undefined && match.entry.expiresAt > this.#now()) {
          context.cacheStatus = 'hit-semantic';
          context.cacheSimilarity = match.similarity;
          this.#metrics.hit('semantic');
          return { response: structuredClone(match.entry.response) };
        }
      }
      this.#metrics.miss();
    }
    context.cacheStatus = 'miss';
    if (options.store) {
      const pending: PendingStore = {
        key,
        partition: partition ?? semanticPartition(chat, options.cacheKey, this.#keyOptions),
        cacheKey: options.cacheKey ?? null,
        ttlMs: options.ttlMs ?? this.#ttlMs,
        text: semantic ? text : undefined,
        vector,
        collector: operation === 'chat-stream' ? new StreamCollector() : undefined,
        streamFailed: false,
      };
      context.state.set(this.name, pending);
    }
    return undefined;
  }

  onStreamChunk({ context }: PluginRequest, chunk: StreamChunk) {
    const pending = context.state.get(this.name) as PendingStore | undefined;
    if (pending?.collector === undefined) return undefined;
    if (chunk.type === 'error') pending.streamFailed = true;
    else pending.collector.add(chunk);
    return undefined;
  }

  onResponse({ operation, request, context }: PluginRequest, outcome: ResponseOutcome): void {
    if (operation === 'embed' || outcome.shortCircuited || outcome.error !== undefined) return;
    const pending = context.state.get(this.name) as PendingStore | undefined;
    if (pending === undefined) return;
    context.state.delete(this.name);
    let response: ChatResponse | undefined;
    if (operation === 'chat') response = outcome.response as ChatResponse | undefined;
    else if (outcome.streamed === true && !pending.streamFailed) response = pending.collector?.response();
    if (response === undefined || !this.#cacheable(response)) return;
    const [provider, model] = splitModel((request as ChatRequest).model);
    const entry: CacheEntry = {
      id: newRequestId(),
      key: pending.key,
      partition: pending.partition,
      cacheKey: pending.cacheKey,
      requestId: context.requestId,
      provider: context.provider ?? provider,
      model: context.model ?? model,
      response: structuredClone(response),
      embedding: pending.vector ?? null,
      createdAt: 0,
      expiresAt: 0,
    };
    const write = this.#write(entry, pending);
    this.#pending.add(write);
    void write.finally(() => this.#pending.delete(write));
  }

  async flush(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  async close(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, closeWaitMs);
      timer.unref();
    });
    await Promise.race([this.flush(), timeout]);
    clearTimeout(timer);
  }

  /** A complete answer whose every choice ended for a reason worth caching. */
  #cacheable(response: ChatResponse): boolean {
    if (!Array.isArray(response.choices) || response.choices.length === 0) return false;
    return response.choices.every((choice) => choice !== undefined && choice.finish_reason !== null && this.#finishReasons.has(choice.finish_reason));
  }

  async #write(entry: CacheEntry, pending: PendingStore): Promise<void> {
    try {
      // An answer stored without a lookup (no-cache) still gets its vector, off the request path.
      if (entry.embedding === null && pending.text !== undefined) entry.embedding = (await this.#embedText(pending.text, undefined)) ?? null;
      const now = this.#now();
      entry.createdAt = now;
      entry.expiresAt = now + pending.ttlMs;
      await this.#store.put(entry);
      this.#metrics.stored();
    } catch (error) {
      this.#warnings.store({ err: error }, 'semantic_cache: could not store an answer');
    }
  }

  /** A store lookup; a failing store counts as a miss. */
  async #lookup<T>(find: () => Promise<T | undefined>): Promise<T | undefined> {
    try {
      return await find();
    } catch (error) {
      this.#warnings.lookup({ err: error, store: this.#store.kind }, 'semantic_cache: cache lookup failed; serving from the provider');
      return undefined;
    }
  }

  /** The unit-length embedding of `text`, or `undefined` when it could not be had. */
  async #embedText(text: string, signal: CancelSignal | undefined): Promise<Float32Array | undefined> {
    try {
      const response = await this.#embed(
        { model: this.#embeddingModel!, input: text, ...(this.#config.dimension === undefined ? {} : { dimensions: this.#config.dimension }) },
        signal === undefined ? {} : { signal },
      );
      const vector = unitVector(response);
      if (vector === undefined) this.#warnings.embed({ model: this.#embeddingModel }, 'semantic_cache: the embedding response held no usable vector; skipping semantic matching');
      return vector;
    } catch (error) {
      this.#warnings.embed({ err: error, model: this.#embeddingModel }, 'semantic_cache: embedding failed; skipping semantic matching');
      return undefined;
    }
  }

}

/** The first vector of an embedding response scaled to unit length; `undefined` if missing or zero. */
function unitVector(response: EmbeddingResponse): Float32Array | undefined {
  const embedding = response?.data?.[0]?.embedding;
  let vector: Float32Array;
  if (typeof embedding === 'string') {
    const bytes = Buffer.from(embedding, 'base64');
    vector = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength - (bytes.byteLength % 4)));
  } else if (Array.isArray(embedding)) {
    vector = Float32Array.from(embedding);
  } else {
    return undefined;
  }
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i] * vector[i];
  if (!(sum > 0) || !Number.isFinite(sum)) return undefined;
  const scale = 1 / Math.sqrt(sum);
  for (let i = 0; i < vector.length; i++) vector[i] *= scale;
  return vector;
}

/** `[provider, model]` of `provider/model`; a bare model has no provider part. */
function splitModel(model: string): [string, string] {
  const slash = model.indexOf('/');
  return slash === -1 ? ['', model] : [model.slice(0, slash), model.slice(slash + 1)];
}
