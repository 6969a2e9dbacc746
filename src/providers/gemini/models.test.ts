import { describe, expect, it } from 'vitest';
import { fromGeminiModelList } from './models.js';

describe('fromGeminiModelList', () => {
  it('reads the model names without the models/ prefix, and the next page token', () => {
    const body = { models: [{ name: 'models/gemini-2.5-flash', displayName: 'Gemini 2.5 Flash' }, { displayName: 'nameless' }, { name: 'models/gemini-embedding-001' }], nextPageToken: 'Cg5nZW1pbmk' };
    expect(fromGeminiModelList('gemini', body)).toEqual({ models: ['gemini-2.5-flash', 'gemini-embedding-001'], nextPageToken: 'Cg5nZW1pbmk' });
  });

  it('reads an empty last page without models', () => {
    expect(fromGeminiModelList('gemini', {})).toEqual({ models: [], nextPageToken: undefined });
  });

  it('rejects a body that is not a model list', () => {
    expect(() => fromGeminiModelList('gemini', null)).toThrow(expect.objectContaining({ code: 'upstream_invalid_response' }));
    expect(() => fromGeminiModelList('gemini', { models: 'x' })).toThrow(expect.objectContaining({ code: 'upstream_invalid_response' }));
  });
});
