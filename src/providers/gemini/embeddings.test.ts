import { describe, expect, it } from 'vitest';
import { fromGeminiEmbedResponse, toGeminiEmbedRequest } from './embeddings.js';

describe('toGeminiEmbedRequest', () => {
  it('sends one batchEmbedContents request per input, with dimensions as outputDimensionality', () => {
    expect(toGeminiEmbedRequest({ model: 'gemini-embedding-001', input: ['a', 'b'], dimensions: 768 }, 'gemini-embedding-001')).toEqual({
      requests: [
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'a' }] }, outputDimensionality: 768 },
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'b' }] }, outputDimensionality: 768 },
      ],
    });
  });

  it('sends a single string as a batch of one', () => {
    expect(toGeminiEmbedRequest({ model: 'text-embedding-004', input: 'hello' }, 'text-embedding-004')).toEqual({
      requests: [{ model: 'models/text-embedding-004', content: { parts: [{ text: 'hello' }] } }],
    });
  });

  it('rejects token arrays, naming input', () => {
    expect(() => toGeminiEmbedRequest({ model: 'm', input: [1, 2, 3] }, 'm')).toThrow(expect.objectContaining({ code: 'invalid_request', param: 'input' }));
    expect(() => toGeminiEmbedRequest({ model: 'm', input: [[1, 2]] }, 'm')).toThrow(expect.objectContaining({ code: 'invalid_request', param: 'input' }));
  });
});

describe('fromGeminiEmbedResponse', () => {
  it('reads the vectors in input order, with zero usage (Gemini reports none)', () => {
    expect(fromGeminiEmbedResponse('gemini', { embeddings: [{ values: [0.1, -0.2] }, { values: [0.3, 0.4] }] }, 'gemini-embedding-001')).toEqual({
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [0.1, -0.2] },
        { object: 'embedding', index: 1, embedding: [0.3, 0.4] },
      ],
      model: 'gemini-embedding-001',
      usage: { prompt_tokens: 0, total_tokens: 0 },
    });
  });

  it('rejects an answer without embeddings or with an embedding without values', () => {
    expect(() => fromGeminiEmbedResponse('gemini', { embedding: { values: [] } }, 'm')).toThrow(expect.objectContaining({ code: 'upstream_invalid_response' }));
    expect(() => fromGeminiEmbedResponse('gemini', { embeddings: [{}] }, 'm')).toThrow(expect.objectContaining({ code: 'upstream_invalid_response' }));
  });
});
