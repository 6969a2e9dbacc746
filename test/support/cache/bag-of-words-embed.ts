import type { EmbeddingRequest, EmbeddingResponse } from '../../../src/api/index.js';

/** Words the fake embedding ignores, so that paraphrases differ in few dimensions. */
const stopWords: ReadonlySet<string> = new Set(['a', 'an', 'the', 'is', 'are', 'of', 'to', 'in', 'what', 'whats', 's', 'me', 'tell', 'please', 'user', 'assistant', 'tool']);

/**
 * A deterministic stand-in for an embedding model, for tests: each word (lower
 * case, stop words left out) is hashed (FNV-1a) into one of `dimensions` counts.
 * Texts with the same content words get similarity 1; unrelated texts about 0.
 * `calls` records every request.
 */
export function bagOfWordsEmbed(dimensions = 64) {
  const calls: EmbeddingRequest[] = [];
  const embed = async (request: EmbeddingRequest): Promise<EmbeddingResponse> => {
    calls.push(request);
    const vector = bagOfWordsVector(String(request.input), dimensions);
    return { object: 'list', data: [{ object: 'embedding', index: 0, embedding: vector }], model: request.model, usage: { prompt_tokens: 1, total_tokens: 1 } };
  };
  return { embed, calls };
}

/** The unnormalized word-count vector `bagOfWordsEmbed` returns for `text`. */
export function bagOfWordsVector(text: string, dimensions = 64): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().split(/[^a-z0-9]+/)) {
    if (word === '' || stopWords.has(word)) continue;
    vector[fnv1a(word) % dimensions] += 1;
  }
  return vector;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
