import type { EmbeddingResponse } from '../../api/index.js';

/** One vector of Gemini's embedding answers. */
export interface GeminiEmbedding {
  values: number[];
}

/**
 * Embeddings as Gemini answers them: `{embedding: {values}}` for `embedContent`,
 * `{embeddings: [{values}, ...]}` in input order for `batchEmbedContents`.
 */
export function toGeminiEmbedResponse(response: EmbeddingResponse, batch: boolean): { embedding: GeminiEmbedding } | { embeddings: GeminiEmbedding[] } {
  const embeddings = [...response.data].sort((a, b) => a.index - b.index).map((entry) => ({ values: entry.embedding as number[] }));
  return batch ? { embeddings } : { embedding: embeddings[0] ?? { values: [] } };
}
