import { describe, expect, it } from 'vitest';
import type { EmbeddingResponse } from '../api/index.js';
import { toBase64Embeddings } from './to-base64-embeddings.js';

const response = (embeddings: (number[] | string)[]): EmbeddingResponse => ({
  object: 'list',
  model: 'm',
  data: embeddings.map((embedding, index) => ({ object: 'embedding', index, embedding })),
  usage: { prompt_tokens: 1, total_tokens: 1 },
});

describe('toBase64Embeddings', () => {
  it('encodes each float vector as little-endian float32 bytes in base64, as OpenAI does', () => {
    const encoded = toBase64Embeddings(response([[1, -0.5], [0.25]]));

    const bytes = Buffer.from(encoded.data[0].embedding as string, 'base64');
    expect(bytes).toHaveLength(8);
    expect([bytes.readFloatLE(0), bytes.readFloatLE(4)]).toEqual([1, -0.5]);
    expect(encoded.data[1].embedding).toBe(Buffer.from([0, 0, 0x80, 0x3e]).toString('base64'));
    expect(encoded.usage).toEqual({ prompt_tokens: 1, total_tokens: 1 });
  });

  it('leaves the given response unchanged, and one already in base64 as it is', () => {
    const floats = response([[1]]);
    const encoded = toBase64Embeddings(floats);
    const already = response(['AACAPw==']);

    expect(floats.data[0].embedding).toEqual([1]);
    expect(encoded).not.toBe(floats);
    expect(toBase64Embeddings(already)).toBe(already);
  });
});
