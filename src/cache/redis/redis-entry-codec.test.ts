import { describe, expect, it } from 'vitest';
import type { CacheEntry } from '../cache-entry.js';
import { decodeRedisEntry, encodeRedisEntry, vectorFromBuffer, vectorToBuffer } from './redis-entry-codec.js';

const entry: CacheEntry = {
  id: '0190a0b0-0000-7000-8000-000000000001',
  key: 'k'.repeat(64),
  partition: 'p'.repeat(64),
  cacheKey: 'team-a',
  requestId: 'req-1',
  provider: 'openai',
  model: 'gpt-4o-mini',
  response: { id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'gpt-4o-mini', choices: [], usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } },
  embedding: new Float32Array([0.6, -0.8, 1e-7]),
  createdAt: 1_000,
  expiresAt: 2_000,
};

describe('redis entry codec', () => {
  it('round-trips an entry, its embedding bit for bit', () => {
    const decoded = decodeRedisEntry(encodeRedisEntry(entry))!;
    expect({ ...decoded, embedding: null }).toEqual({ ...entry, embedding: null });
    expect(Array.from(decoded.embedding!)).toEqual(Array.from(entry.embedding!));
  });

  it('round-trips an entry without an embedding', () => {
    expect(decodeRedisEntry(encodeRedisEntry({ ...entry, embedding: null, cacheKey: null }))).toEqual({ ...entry, embedding: null, cacheKey: null });
  });

  it('reads nothing from text that is not an entry', () => {
    expect(decodeRedisEntry('not json')).toBeUndefined();
    expect(decodeRedisEntry('"a string"')).toBeUndefined();
    expect(decodeRedisEntry(JSON.stringify({ ...entry, embedding: null, expiresAt: 'soon' }))).toBeUndefined();
  });

  it('reads vectors from unaligned buffers', () => {
    const bytes = Buffer.concat([Buffer.from([1]), vectorToBuffer(new Float32Array([0.25, 0.5]))]).subarray(1);
    expect(Array.from(vectorFromBuffer(bytes))).toEqual([0.25, 0.5]);
  });
});
