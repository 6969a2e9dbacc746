import { describe, expect, it } from 'vitest';
import { cohereEmbedRequestSchema, cohereEmbedResponseSchema } from '../../../test/fake-upstreams/cohere-wire.js';
import type { EmbeddingRequest } from '../../api/index.js';
import { fromCohereEmbedResponse, toCohereEmbedBody } from './embeddings.js';

const build = (request: Partial<EmbeddingRequest>, warnings: string[] = []) =>
  JSON.parse(toCohereEmbedBody({ model: 'embed-v4.0', input: 'hello', ...request } as EmbeddingRequest, 'cohere', warnings));

describe('toCohereEmbedBody', () => {
  it('sends one text as a list, as search_document float embeddings by default', () => {
    const body = build({});
    expect(body).toEqual({ model: 'embed-v4.0', texts: ['hello'], input_type: 'search_document', embedding_types: ['float'] });
    expect(cohereEmbedRequestSchema.safeParse(body).error?.issues ?? []).toEqual([]);
  });

  it('takes input_type and truncate from the request, and dimensions as output_dimension', () => {
    const warnings: string[] = [];
    const body = build({ input: ['a', 'b'], input_type: 'search_query', truncate: 'END', dimensions: 512, encoding_format: 'base64' }, warnings);
    expect(body).toEqual({ model: 'embed-v4.0', texts: ['a', 'b'], input_type: 'search_query', embedding_types: ['float'], output_dimension: 512, truncate: 'END' });
    expect(warnings).toEqual([]);
  });

  it('drops fields Cohere does not take, with a warning', () => {
    const warnings: string[] = [];
    build({ user: 'u1' }, warnings);
    expect(warnings).toEqual(['user is not supported by cohere embeddings and was dropped']);
  });

  it('refuses token ids, naming input', () => {
    for (const input of [[1, 2, 3], [[1, 2], [3]]]) {
      expect(() => build({ input })).toThrow(expect.objectContaining({ code: 'invalid_request', param: 'input', status: 400 }));
    }
  });
});

describe('fromCohereEmbedResponse', () => {
  const answer = {
    response_type: 'embeddings_by_type',
    id: 'da6e531f-54c6-4a73-bf92-f60566d8d753',
    embeddings: { float: [[0.016296387, -0.008354187], [-0.04699707, 0.02203369]] },
    texts: ['a', 'b'],
    meta: { api_version: { version: '2' }, billed_units: { input_tokens: 2 } },
  };

  it('reads float embeddings in order, with billed input tokens as usage', () => {
    expect(cohereEmbedResponseSchema.safeParse(answer).error?.issues ?? []).toEqual([]);
    expect(fromCohereEmbedResponse('cohere', 'embed-v4.0', answer)).toEqual({
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [0.016296387, -0.008354187] },
        { object: 'embedding', index: 1, embedding: [-0.04699707, 0.02203369] },
      ],
      model: 'embed-v4.0',
      usage: { prompt_tokens: 2, total_tokens: 2 },
    });
  });

  it('prefers meta.tokens to billed units', () => {
    expect(fromCohereEmbedResponse('cohere', 'm', { ...answer, meta: { ...answer.meta, tokens: { input_tokens: 5 } } }).usage).toEqual({ prompt_tokens: 5, total_tokens: 5 });
  });

  it('rejects an answer without float embeddings', () => {
    expect(() => fromCohereEmbedResponse('cohere', 'm', { id: 'x', embeddings: {} })).toThrow(expect.objectContaining({ code: 'upstream_invalid_response' }));
  });
});
