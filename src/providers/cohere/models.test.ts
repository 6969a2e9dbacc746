import { describe, expect, it } from 'vitest';
import { cohereModelListSchema } from '../../../test/fake-upstreams/cohere-wire.js';
import { fromCohereModelList } from './models.js';

describe('fromCohereModelList', () => {
  it('lists chat and embed models, and reads the next page token', () => {
    const body = {
      models: [
        { name: 'command-a-03-2025', endpoints: ['generate', 'chat', 'summarize'], finetuned: false, context_length: 256000, features: ['tools', 'strict_tools'] },
        { name: 'embed-v4.0', endpoints: ['embed'], finetuned: false, context_length: 128000 },
        { name: 'rerank-v3.5', endpoints: ['rerank'], finetuned: false, context_length: 4096 },
        { endpoints: ['chat'] },
      ],
      next_page_token: 'page-2',
    };
    expect(cohereModelListSchema.safeParse(body).error?.issues ?? []).toEqual([]);
    expect(fromCohereModelList('cohere', body)).toEqual({ models: ['command-a-03-2025', 'embed-v4.0'], nextPageToken: 'page-2' });
  });

  it('has no next page without a token, and rejects a body without models', () => {
    expect(fromCohereModelList('cohere', { models: [] })).toEqual({ models: [], nextPageToken: undefined });
    expect(() => fromCohereModelList('cohere', { data: [] })).toThrow(expect.objectContaining({ code: 'upstream_invalid_response' }));
  });
});
