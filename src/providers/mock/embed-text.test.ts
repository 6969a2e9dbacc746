import { describe, expect, it } from 'vitest';
import { embedText } from './embed-text.js';

const dot = (a: readonly number[], b: readonly number[]) => a.reduce((sum, value, i) => sum + value * b[i], 0);
const norm = (vector: readonly number[]) => Math.sqrt(dot(vector, vector));

describe('embedText', () => {
  it('returns the same vector for the same text', () => {
    expect(embedText('The quick brown fox', 64)).toEqual(embedText('The quick brown fox', 64));
  });

  it('returns a unit vector of the asked length', () => {
    for (const dimensions of [1, 3, 64, 1536]) {
      const vector = embedText('unit length please', dimensions);
      expect(vector).toHaveLength(dimensions);
      expect(norm(vector)).toBeCloseTo(1, 10);
    }
    expect(norm(embedText('', 16))).toBeCloseTo(1, 10);
  });

  it('ignores case and punctuation', () => {
    expect(embedText('Hello, World!', 32)).toEqual(embedText('hello world', 32));
  });

  it('puts texts that share words closer together than unrelated texts', () => {
    const query = embedText('how do I reset my password', 256);
    const similar = embedText('reset my password please', 256);
    const unrelated = embedText('bananas grow in tropical climates', 256);
    expect(dot(query, similar)).toBeGreaterThan(dot(query, unrelated));
    expect(dot(query, similar)).toBeGreaterThan(0.5);
  });
});
