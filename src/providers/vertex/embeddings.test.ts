import { describe, expect, it } from 'vitest';
import { fromVertexEmbeddingResponses, toVertexEmbeddingBodies } from './embeddings.js';

describe('toVertexEmbeddingBodies', () => {
  it('sends texts as instances and dimensions as outputDimensionality', () => {
    const warnings: string[] = [];
    expect(toVertexEmbeddingBodies({ model: 'text-embedding-005', input: ['a', 'b'], dimensions: 256 }, 'vertex', warnings).map((body) => JSON.parse(body))).toEqual([
      { instances: [{ content: 'a' }, { content: 'b' }], parameters: { outputDimensionality: 256 } },
    ]);
    expect(warnings).toEqual([]);
  });

  it('sends one text per call to gemini-embedding models, which take one instance per request', () => {
    const bodies = toVertexEmbeddingBodies({ model: 'gemini-embedding-001', input: ['a', 'b', 'c'] }, 'vertex', []);
    expect(bodies.map((body) => JSON.parse(body))).toEqual([{ instances: [{ content: 'a' }] }, { instances: [{ content: 'b' }] }, { instances: [{ content: 'c' }] }]);
  });

  it('splits more than 250 texts into several calls', () => {
    const input = Array.from({ length: 251 }, (_, index) => `t${index}`);
    expect(toVertexEmbeddingBodies({ model: 'text-embedding-005', input }, 'vertex', []).map((body) => JSON.parse(body).instances.length)).toEqual([250, 1]);
  });

  it('refuses token arrays and an empty input, and warns about fields it drops', () => {
    expect(() => toVertexEmbeddingBodies({ model: 'text-embedding-005', input: [1, 2] }, 'vertex', [])).toThrow(expect.objectContaining({ code: 'invalid_request', param: 'input' }));
    expect(() => toVertexEmbeddingBodies({ model: 'text-embedding-005', input: [] }, 'vertex', [])).toThrow(expect.objectContaining({ param: 'input' }));
    const warnings: string[] = [];
    toVertexEmbeddingBodies({ model: 'text-embedding-005', input: 'x', user: 'u1' }, 'vertex', warnings);
    expect(warnings).toEqual(['user is not supported by vertex embeddings and was dropped']);
  });
});

describe('fromVertexEmbeddingResponses', () => {
  const answer = (values: number[][], tokens: number) => ({
    predictions: values.map((vector) => ({ embeddings: { statistics: { truncated: false, token_count: tokens }, values: vector } })),
    metadata: { billableCharacterCount: 10 },
  });

  it('joins the batches in order and counts their tokens', () => {
    expect(fromVertexEmbeddingResponses('vertex', 'text-embedding-005', [answer([[0.5, -0.25]], 3), answer([[1, 2]], 4)], undefined)).toEqual({
      object: 'list',
      model: 'text-embedding-005',
      data: [
        { object: 'embedding', index: 0, embedding: [0.5, -0.25] },
        { object: 'embedding', index: 1, embedding: [1, 2] },
      ],
      usage: { prompt_tokens: 7, total_tokens: 7 },
    });
  });

  it('encodes vectors as little-endian float32 base64 when asked', () => {
    const [embedding] = fromVertexEmbeddingResponses('vertex', 'm', [answer([[0.5, -0.25]], 1)], 'base64').data;
    const bytes = Buffer.from(embedding.embedding as string, 'base64');
    expect([bytes.readFloatLE(0), bytes.readFloatLE(4)]).toEqual([0.5, -0.25]);
  });

  it('fails an answer without predictions as an invalid upstream response', () => {
    expect(() => fromVertexEmbeddingResponses('vertex', 'm', [{}], undefined)).toThrow(expect.objectContaining({ code: 'upstream_invalid_response' }));
  });
});
