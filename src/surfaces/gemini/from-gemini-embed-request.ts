import type { EmbeddingRequest } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import type { InboundEmbedContentRequest } from './wire.js';

/**
 * Reads `embedContent` (one request) or `batchEmbedContents` (`requests`, each with its
 * own content) into one embeddings request for `model`, an input per content, its text
 * parts joined with a new line. `outputDimensionality` becomes `dimensions` (it must be
 * the same for every request of a batch); `taskType` and `title` are Gemini's own and
 * are dropped with a warning.
 */
export function fromGeminiEmbedRequest(body: Record<string, unknown>, batch: boolean, model: string, warnings: string[]): EmbeddingRequest {
  const entries = batch ? body.requests : [body];
  if (!Array.isArray(entries) || entries.length === 0) throw errors.invalidRequest('requests must be a non-empty array of EmbedContentRequest objects.', 'requests');
  const input: string[] = [];
  let dimensions: number | undefined;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as InboundEmbedContentRequest;
    const param = batch ? `requests[${i}]` : '';
    const at = (field: string) => (param === '' ? field : `${param}.${field}`);
    const parts = entry?.content?.parts;
    if (!Array.isArray(parts)) throw errors.invalidRequest('content must be a Content object with text parts.', at('content'));
    input.push(
      parts
        .map((part, j) => {
          if (typeof part?.text !== 'string') throw errors.invalidRequest('Only text parts can be embedded by this model.', at(`content.parts[${j}]`));
          return part.text;
        })
        .join('\n'),
    );
    if (entry.outputDimensionality != null) {
      if (dimensions !== undefined && dimensions !== entry.outputDimensionality) throw errors.invalidRequest('Every request of a batch must ask for the same outputDimensionality.', at('outputDimensionality'));
      dimensions = entry.outputDimensionality;
    }
    for (const field of ['taskType', 'title'] as const) {
      if (entry[field] != null && i === 0) warnings.push(`${field} is not supported by this model and was dropped`);
    }
  }
  const request: EmbeddingRequest = { model, input: batch ? input : input[0] };
  if (dimensions !== undefined) request.dimensions = dimensions;
  return request;
}
