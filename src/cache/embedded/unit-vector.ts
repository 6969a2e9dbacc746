/** The dot product of two vectors of the same length (their cosine similarity when both are unit length). */
export function dotProduct(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/**
 * `vector` scaled to unit length: the same array when it already is (the cache plugin
 * normalizes embeddings), a copy otherwise, so that dot products are cosine similarities.
 * A zero vector stays zero (it is similar to nothing).
 */
export function toUnitVector(vector: Float32Array): Float32Array {
  const norm = Math.sqrt(dotProduct(vector, vector));
  if (norm === 0 || Math.abs(norm - 1) < 1e-4) return vector;
  const unit = new Float32Array(vector.length);
  for (let i = 0; i < vector.length; i++) unit[i] = vector[i] / norm;
  return unit;
}
