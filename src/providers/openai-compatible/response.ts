import type { ChatResponse, EmbeddingResponse } from '../../api/index.js';
import { errors } from '../../errors/index.js';

/** Checks an OpenAI-wire chat completion; it is already in the gateway's shape. */
export function fromOpenAIChatResponse(provider: string, body: unknown): ChatResponse {
  if (body === null || typeof body !== 'object' || !Array.isArray((body as { choices?: unknown }).choices)) {
    throw errors.upstreamInvalidResponse(provider, 'a chat completion without a choices array');
  }
  return body as ChatResponse;
}

/** Checks an OpenAI-wire embeddings response. */
export function fromOpenAIEmbeddingResponse(provider: string, body: unknown): EmbeddingResponse {
  if (body === null || typeof body !== 'object' || !Array.isArray((body as { data?: unknown }).data)) {
    throw errors.upstreamInvalidResponse(provider, 'an embeddings response without a data array');
  }
  return body as EmbeddingResponse;
}

/** Reads the model ids of a `GET /v1/models` answer. */
export function fromOpenAIModelList(provider: string, body: unknown): string[] {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw errors.upstreamInvalidResponse(provider, 'a model list without a data array');
  return data.flatMap((entry) => (typeof entry?.id === 'string' ? [entry.id as string] : []));
}
