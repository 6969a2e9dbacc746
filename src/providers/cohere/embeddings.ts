import type { EmbeddingRequest, EmbeddingResponse } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import type { CohereEmbedResponse } from './wire-types.js';

/** Cohere's embed fields a caller may send as extensions (`input_type` above all); forwarded as they are. */
const nativeParams = new Set(['input_type', 'truncate', 'max_tokens', 'priority']);
/** Fields read here, or by the gateway (`encoding_format`: the core encodes base64 itself). */
const translatedParams = new Set(['model', 'input', 'dimensions', 'encoding_format']);

/**
 * Builds the body of `POST /v2/embed` (https://docs.cohere.com/v2/reference/embed): texts only
 * (token arrays are refused), `input_type` from the request's extension field or
 * `search_document`, float embeddings, `dimensions` as `output_dimension`.
 */
export function toCohereEmbedBody(request: EmbeddingRequest, provider: string, warnings: string[]): string {
  const input = request.input;
  const texts = typeof input === 'string' ? [input] : input;
  if (!texts.every((text: unknown) => typeof text === 'string')) {
    throw errors.invalidRequest(`${provider} embeds text only: input must be a string or an array of strings, not token ids.`, 'input');
  }
  const body: Record<string, unknown> = { model: request.model, texts, input_type: 'search_document', embedding_types: ['float'] };
  if (request.dimensions !== undefined && request.dimensions !== null) body.output_dimension = request.dimensions;
  for (const key in request) {
    const value = request[key];
    if (value === undefined || value === null || translatedParams.has(key)) continue;
    if (nativeParams.has(key)) body[key] = value;
    else warnings.push(`${key} is not supported by ${provider} embeddings and was dropped`);
  }
  return JSON.stringify(body);
}

/** Reads Cohere's `embeddings_by_type` answer as OpenAI's list of embeddings; usage from `meta.tokens`, else `meta.billed_units`. */
export function fromCohereEmbedResponse(provider: string, model: string, body: unknown): EmbeddingResponse {
  const vectors = (body as CohereEmbedResponse | null)?.embeddings?.float;
  if (!Array.isArray(vectors)) throw errors.upstreamInvalidResponse(provider, 'an embed answer without embeddings.float');
  const meta = (body as CohereEmbedResponse).meta;
  const tokens = meta?.tokens?.input_tokens ?? meta?.billed_units?.input_tokens ?? 0;
  return {
    object: 'list',
    data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
    model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}
