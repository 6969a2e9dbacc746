/**
 * Vertex AI's own wire shapes: the `:predict` body and answer of Google's text embedding
 * models (https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/text-embeddings-api).
 * Chat bodies are the Gemini API's (`../gemini/wire.ts`) and Anthropic's Messages API (`../anthropic/wire.ts`).
 */

/** One text to embed. */
export interface VertexEmbeddingInstance {
  content: string;
  task_type?: string;
  title?: string;
}

/** The body of `publishers/google/models/{model}:predict` for an embedding model. */
export interface VertexEmbeddingRequestBody {
  instances: VertexEmbeddingInstance[];
  parameters?: { autoTruncate?: boolean; outputDimensionality?: number };
}

/** One embedding of a `:predict` answer. */
export interface VertexEmbeddingPrediction {
  embeddings: {
    values: number[];
    statistics?: { token_count?: number; truncated?: boolean };
  };
}

/** The answer of `:predict` for an embedding model. */
export interface VertexEmbeddingResponse {
  predictions: VertexEmbeddingPrediction[];
  metadata?: { billableCharacterCount?: number };
}

/** The `anthropic_version` Anthropic's models take on Vertex, in the body (which has no `model`: it is in the URL). */
export const vertexAnthropicVersion = 'vertex-2023-10-16';
