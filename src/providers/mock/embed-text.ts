import { createHash } from 'node:crypto';

/**
 * A deterministic unit vector for a text: a sum of per-word hashed directions, so
 * texts that share words point in similar directions (useful to exercise semantic features).
 */
export function embedText(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [''];
  for (const word of words) {
    const digest = createHash('sha256').update(word).digest();
    for (let i = 0; i < dimensions; i++) vector[i] += digest[i % digest.length] / 127.5 - 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}
