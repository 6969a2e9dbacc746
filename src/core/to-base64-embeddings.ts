import type { EmbeddingResponse } from '../api/index.js';

/**
 * The response with every float vector as OpenAI's `encoding_format: "base64"`
 * gives it: the vector's little-endian float32 bytes, in base64. Vectors already
 * in base64 (a provider that honoured the parameter itself) are kept; the given
 * response is not changed, since a plugin may hold it (a cache).
 */
export function toBase64Embeddings(response: EmbeddingResponse): EmbeddingResponse {
  if (!response.data.some((entry) => Array.isArray(entry.embedding))) return response;
  return {
    ...response,
    data: response.data.map((entry) => (Array.isArray(entry.embedding) ? { ...entry, embedding: toBase64(entry.embedding) } : entry)),
  };
}

function toBase64(vector: readonly number[]): string {
  const bytes = Buffer.allocUnsafe(vector.length * 4);
  for (let i = 0; i < vector.length; i++) bytes.writeFloatLE(vector[i], i * 4);
  return bytes.toString('base64');
}
