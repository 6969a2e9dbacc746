import type { ChatResponse } from '../api/index.js';

/**
 * One cached answer. `key` is the exact-match key (a hash of everything that
 * determines the answer, `canonical-key.ts`); `partition` groups entries that may
 * answer each other semantically (same model, provider, parameters, tools and,
 * unless excluded, system prompt); `embedding` is the normalized vector of the
 * prompt text, `null` for entries stored without semantic matching.
 */
export interface CacheEntry {
  /** Unique id of the entry (a UUIDv7). */
  id: string;
  key: string;
  partition: string;
  /** The caller's `x-bf-cache-key`, if it sent one (for `DELETE /api/cache/clear-by-key/{cacheKey}`). */
  cacheKey: string | null;
  /** The request whose answer this is (for `DELETE /api/cache/clear/{requestId}`). */
  requestId: string;
  provider: string;
  model: string;
  /** The answer as a non-streaming chat response (a streamed answer is stored collected). */
  response: ChatResponse;
  /** Unit-length prompt embedding, or `null`. */
  embedding: Float32Array | null;
  /** Epoch milliseconds. */
  createdAt: number;
  expiresAt: number;
}

/** A semantic lookup's best entry and its cosine similarity to the prompt (0 to 1). */
export interface SemanticMatch {
  entry: CacheEntry;
  similarity: number;
}
