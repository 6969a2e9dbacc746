import { z } from 'zod';
import { redisConnectionFields } from './redis-connection-schema.js';

/** A duration: seconds as a number, or a string such as `"30s"`, `"5m"`, `"1h"`, `"1d"`. */
export const durationSchema = z.union([
  z.number().positive(),
  z.string().regex(/^\d+(\.\d+)?(ms|s|m|h|d)$/, 'a duration such as "30s", "5m", "1h" or "1d"'),
]);

/**
 * `plugins[].config` of the `semantic_cache` plugin (Bifrost's names; docs/caching.md).
 * Semantic matching needs `provider` and `embedding_model`; without them the cache is exact only.
 */
export const semanticCacheConfigSchema = z.object({
  /** The configured provider that computes embeddings. */
  provider: z.string().min(1).optional(),
  embedding_model: z.string().min(1).optional(),
  /** Embedding dimensions to ask for (providers that take `dimensions`). */
  dimension: z.number().int().min(1).max(65_536).optional(),
  /** Lowest cosine similarity a semantic hit may have. */
  threshold: z.number().min(0).max(1).default(0.8),
  /** How long an entry lives. */
  ttl: durationSchema.default('5m'),
  /** `exact`, `semantic`, or `both` (exact first). Default: `both` with an embedding model, else `exact`. */
  mode: z.enum(['exact', 'semantic', 'both']).optional(),
  /** Entries of different models (providers) never answer each other. */
  cache_by_model: z.boolean().default(true),
  cache_by_provider: z.boolean().default(true),
  /** Leave system prompts out of the semantic partition (and of the embedded text). */
  exclude_system_prompt: z.boolean().default(false),
  /** No semantic matching for conversations of more than this many messages (exact matching still applies). */
  conversation_history_threshold: z.number().int().min(1).default(3),
  /** Cache only requests that carry `x-bf-cache-key` (Bifrost's behaviour); by default every chat request is cached. */
  require_cache_key: z.boolean().default(false),
  /** Finish reasons an answer may have to be stored. */
  cache_finish_reasons: z.array(z.string()).default(['stop', 'length']),
  /** Embedded store: most entries kept; the least recently used are evicted beyond it. */
  max_entries: z.number().int().min(1).max(10_000_000).default(10_000),
});
export type SemanticCacheConfig = z.output<typeof semanticCacheConfigSchema>;

/** `vector_store` (top level): where the cache keeps entries. Absent: embedded. */
export const vectorStoreSchema = z.object({
  enabled: z.boolean().default(true),
  type: z.enum(['embedded', 'redis']).default('embedded'),
  config: z
    .object({
      /** Redis: where it is. */
      ...redisConnectionFields,
      /** Prefix of every Redis key the cache writes. */
      key_prefix: z.string().default('switchyard:cache:'),
      /** Embedded: the SQLite file entries persist in; default `<app-dir>/cache.db`, in memory only without an app directory. */
      path: z.string().min(1).optional(),
    })
    .default({ key_prefix: 'switchyard:cache:' }),
});
export type VectorStoreConfig = z.output<typeof vectorStoreSchema>;

/** A duration in milliseconds. */
export function durationMs(duration: number | string): number {
  if (typeof duration === 'number') return duration * 1000;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(duration);
  if (!match) throw new Error(`not a duration: ${duration}`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}
