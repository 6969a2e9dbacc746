import type { CacheEntry } from '../cache-entry.js';

/** The raw bytes of a vector (platform byte order: little-endian on every platform Node ships for). */
export function vectorToBuffer(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

/** A vector from raw float32 bytes (copied: Redis buffers need not be 4-byte aligned). */
export function vectorFromBuffer(bytes: Buffer): Float32Array {
  const vector = new Float32Array(Math.floor(bytes.byteLength / 4));
  new Uint8Array(vector.buffer).set(bytes.subarray(0, vector.byteLength));
  return vector;
}

/** An entry as the JSON stored under `<prefix>e:<id>` (the embedding as base64 float32). */
export function encodeRedisEntry(entry: CacheEntry): string {
  return JSON.stringify({ ...entry, embedding: entry.embedding === null ? null : vectorToBuffer(entry.embedding).toString('base64') });
}

/** The entry `encodeRedisEntry` wrote, or `undefined` for text that is not one (another writer's key, a damaged value). */
export function decodeRedisEntry(text: string): CacheEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const stored = value as Record<string, unknown>;
  const strings = ['id', 'key', 'partition', 'requestId', 'provider', 'model'] as const;
  if (strings.some((name) => typeof stored[name] !== 'string')) return undefined;
  if (typeof stored.createdAt !== 'number' || typeof stored.expiresAt !== 'number') return undefined;
  if (typeof stored.response !== 'object' || stored.response === null) return undefined;
  if (stored.cacheKey !== null && typeof stored.cacheKey !== 'string') return undefined;
  if (stored.embedding !== null && typeof stored.embedding !== 'string') return undefined;
  const embedding = stored.embedding === null ? null : vectorFromBuffer(Buffer.from(stored.embedding, 'base64'));
  return { ...(stored as unknown as CacheEntry), embedding };
}
