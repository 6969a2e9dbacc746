import type { EmbeddingRequest, EmbeddingResponse } from '../../api/index.js';
import { errors } from '../../errors/index.js';

/** One request of `batchEmbedContents` (https://ai.google.dev/api/embeddings#method:-models.batchembedcontents). */
interface GeminiEmbedContentRequest {
  model: string;
  content: { parts: Array<{ text: string }> };
  outputDimensionality?: number;
}

/**
 * Builds a `models/{model}:batchEmbedContents` body: one request per input text, so
 * a single string and an array take the same path. `dimensions` becomes
 * `outputDimensionality`. Token arrays cannot be sent: Gemini embeds text.
 */
export function toGeminiEmbedRequest(request: EmbeddingRequest, model: string): { requests: GeminiEmbedContentRequest[] } {
  const inputs = typeof request.input === 'string' ? [request.input] : request.input;
  const resource = model.includes('/') ? model : `models/${model}`;
  const requests: GeminiEmbedContentRequest[] = [];
  for (let i = 0; i < inputs.length; i++) {
    const text = inputs[i];
    if (typeof text !== 'string') throw errors.invalidRequest('Gemini embeds text; token arrays cannot be sent.', 'input');
    const entry: GeminiEmbedContentRequest = { model: resource, content: { parts: [{ text }] } };
    if (request.dimensions != null) entry.outputDimensionality = request.dimensions;
    requests.push(entry);
  }
  return { requests };
}

/**
 * Reads a `batchEmbedContents` answer (`{embeddings: [{values}]}`) as OpenAI embeddings,
 * floats in input order. Gemini reports no token counts there, so usage is 0.
 */
export function fromGeminiEmbedResponse(provider: string, body: unknown, model: string): EmbeddingResponse {
  const embeddings = (body as { embeddings?: unknown } | null)?.embeddings;
  if (!Array.isArray(embeddings)) throw errors.upstreamInvalidResponse(provider, 'an embeddings response without an embeddings array');
  return {
    object: 'list',
    data: embeddings.map((embedding: { values?: unknown }, index) => {
      if (!Array.isArray(embedding?.values)) throw errors.upstreamInvalidResponse(provider, `embedding ${index} without values`);
      return { object: 'embedding', index, embedding: embedding.values as number[] };
    }),
    model,
    usage: { prompt_tokens: 0, total_tokens: 0 },
  };
}
