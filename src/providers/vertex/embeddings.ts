import type { EmbeddingRequest, EmbeddingResponse } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import type { VertexEmbeddingRequestBody, VertexEmbeddingResponse } from './wire.js';

/**
 * How many texts one `:predict` call may carry, by model-name prefix; 250 for the rest
 * (https://cloud.google.com/vertex-ai/generative-ai/docs/embeddings/get-text-embeddings).
 */
const instancesPerCall: ReadonlyArray<readonly [prefix: string, limit: number]> = [['gemini-embedding-', 1]];
const defaultInstancesPerCall = 250;

const handledFields = new Set(['model', 'input', 'encoding_format', 'dimensions']);

/**
 * The `:predict` bodies of an embeddings request: the texts in batches as large as the
 * model takes, `dimensions` as `outputDimensionality`. Token-array inputs are refused;
 * other fields Vertex has no place for are dropped with a warning.
 */
export function toVertexEmbeddingBodies(request: EmbeddingRequest, provider: string, warnings: string[]): string[] {
  const input = request.input;
  const texts = typeof input === 'string' ? [input] : input;
  if (texts.length === 0) throw errors.invalidRequest('input must not be empty.', 'input');
  if (!texts.every((text): text is string => typeof text === 'string')) {
    throw errors.invalidRequest(`${provider} embeds text only; input as token arrays is not supported.`, 'input');
  }
  for (const field of Object.keys(request)) {
    if (!handledFields.has(field) && request[field] !== undefined) warnings.push(`${field} is not supported by ${provider} embeddings and was dropped`);
  }
  const parameters = typeof request.dimensions === 'number' ? { outputDimensionality: request.dimensions } : undefined;
  const limit = instancesPerCall.find(([prefix]) => request.model.startsWith(prefix))?.[1] ?? defaultInstancesPerCall;
  const bodies: string[] = [];
  for (let at = 0; at < texts.length; at += limit) {
    const body: VertexEmbeddingRequestBody = { instances: texts.slice(at, at + limit).map((content) => ({ content })) };
    if (parameters) body.parameters = parameters;
    bodies.push(JSON.stringify(body));
  }
  return bodies;
}

/** Joins the answers of the batches, in order, into one OpenAI-shaped embeddings response. */
export function fromVertexEmbeddingResponses(provider: string, model: string, answers: unknown[], encoding: EmbeddingRequest['encoding_format']): EmbeddingResponse {
  const data: EmbeddingResponse['data'] = [];
  let tokens = 0;
  for (const answer of answers) {
    const predictions = (answer as Partial<VertexEmbeddingResponse> | null)?.predictions;
    if (!Array.isArray(predictions)) throw errors.upstreamInvalidResponse(provider, 'the embeddings answer has no predictions');
    for (const prediction of predictions) {
      const values = prediction?.embeddings?.values;
      if (!Array.isArray(values)) throw errors.upstreamInvalidResponse(provider, 'an embedding has no values');
      const count = prediction.embeddings.statistics?.token_count;
      if (typeof count === 'number') tokens += count;
      data.push({ object: 'embedding', index: data.length, embedding: encoding === 'base64' ? toBase64(values) : values });
    }
  }
  return { object: 'list', data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
}

/** OpenAI's base64 encoding of an embedding: little-endian float32. */
function toBase64(values: number[]): string {
  const bytes = Buffer.allocUnsafe(values.length * 4);
  for (let index = 0; index < values.length; index++) bytes.writeFloatLE(values[index], index * 4);
  return bytes.toString('base64');
}
