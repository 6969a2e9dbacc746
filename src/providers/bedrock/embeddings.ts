import type { EmbeddingRequest } from '../../api/index.js';
import { errors } from '../../errors/index.js';

/** The embedding models InvokeModel serves here, told apart by their id. */
export type BedrockEmbeddingFamily = 'titan' | 'cohere';

/** One InvokeModel call: its body and how many of the request's texts it embeds. */
export interface BedrockEmbeddingCall {
  body: string;
  count: number;
}

// Cohere Embed takes at most 96 texts per call.
const cohereBatch = 96;
const mapped = new Set(['model', 'input', 'encoding_format', 'dimensions', 'input_type', 'normalize']);

/** The family of an embedding model id (cross-region prefixes such as `us.` allowed), or `undefined`. */
export function bedrockEmbeddingFamily(modelId: string): BedrockEmbeddingFamily | undefined {
  if (modelId.includes('amazon.titan-embed')) return 'titan';
  if (modelId.includes('cohere.embed')) return 'cohere';
  return undefined;
}

/**
 * The InvokeModel bodies of an embeddings request: Titan embeds one text per call
 * (`{inputText, dimensions?, normalize?}`), Cohere up to 96 (`{texts, input_type}`).
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed.html
 */
export function toBedrockEmbeddingCalls(request: EmbeddingRequest, family: BedrockEmbeddingFamily, modelId: string, provider: string, warnings: string[]): BedrockEmbeddingCall[] {
  for (const field in request) {
    if (request[field] !== undefined && request[field] !== null && !mapped.has(field)) warnings.push(`${field} is not supported by ${provider} and was dropped`);
  }
  const texts = textsOf(request.input, provider);
  if (family === 'titan') {
    const takesOptions = !modelId.includes('titan-embed-text-v1');
    if (request.dimensions !== undefined && !takesOptions) warnings.push(`dimensions is not supported by ${provider} for ${modelId} and was dropped`);
    const options = takesOptions
      ? { ...(request.dimensions !== undefined ? { dimensions: request.dimensions } : {}), ...(typeof request.normalize === 'boolean' ? { normalize: request.normalize } : {}) }
      : {};
    return texts.map((inputText) => ({ body: JSON.stringify({ inputText, ...options }), count: 1 }));
  }
  const inputType = typeof request.input_type === 'string' ? request.input_type : 'search_document';
  const takesDimensions = modelId.includes('embed-v4');
  if (request.dimensions !== undefined && !takesDimensions) warnings.push(`dimensions is not supported by ${provider} for ${modelId} and was dropped`);
  const calls: BedrockEmbeddingCall[] = [];
  for (let start = 0; start < texts.length; start += cohereBatch) {
    const batch = texts.slice(start, start + cohereBatch);
    const body = { texts: batch, input_type: inputType, ...(takesDimensions && request.dimensions !== undefined ? { output_dimension: request.dimensions } : {}) };
    calls.push({ body: JSON.stringify(body), count: batch.length });
  }
  return calls;
}

/** The vectors and token count of one InvokeModel answer. */
export function fromBedrockEmbeddingAnswer(provider: string, family: BedrockEmbeddingFamily, body: unknown): { vectors: number[][]; tokens: number | undefined } {
  const answer = (body ?? {}) as { embedding?: unknown; inputTextTokenCount?: unknown; embeddings?: unknown };
  if (family === 'titan') {
    if (!Array.isArray(answer.embedding)) throw errors.upstreamInvalidResponse(provider, 'a Titan embedding answer without an embedding array');
    return { vectors: [answer.embedding as number[]], tokens: typeof answer.inputTextTokenCount === 'number' ? answer.inputTextTokenCount : undefined };
  }
  // Cohere answers `embeddings` as an array of vectors, or by type (`{float: [...]}`) when types were asked for.
  const embeddings = Array.isArray(answer.embeddings) ? answer.embeddings : (answer.embeddings as { float?: unknown } | undefined)?.float;
  if (!Array.isArray(embeddings)) throw errors.upstreamInvalidResponse(provider, 'a Cohere embedding answer without float embeddings');
  return { vectors: embeddings as number[][], tokens: undefined };
}

function textsOf(input: EmbeddingRequest['input'], provider: string): string[] {
  const texts = typeof input === 'string' ? [input] : input;
  if (!Array.isArray(texts) || texts.length === 0 || texts.some((text) => typeof text !== 'string')) {
    throw errors.invalidRequest(`${provider} embeds text only: input must be a string or an array of strings`, 'input');
  }
  return texts as string[];
}
