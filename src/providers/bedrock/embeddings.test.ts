import { describe, expect, it } from 'vitest';
import { bedrockEmbeddingFamily, fromBedrockEmbeddingAnswer, toBedrockEmbeddingCalls } from './embeddings.js';

const bodies = (calls: Array<{ body: string; count: number }>) => calls.map((call) => [JSON.parse(call.body), call.count]);

describe('bedrockEmbeddingFamily', () => {
  it('tells Titan and Cohere apart by id, cross-region prefixes included', () => {
    expect(bedrockEmbeddingFamily('amazon.titan-embed-text-v2:0')).toBe('titan');
    expect(bedrockEmbeddingFamily('us.cohere.embed-v4:0')).toBe('cohere');
    expect(bedrockEmbeddingFamily('anthropic.claude-3-haiku-20240307-v1:0')).toBeUndefined();
  });
});

describe('toBedrockEmbeddingCalls', () => {
  it('makes one Titan call per input, with dimensions and normalize', () => {
    const warnings: string[] = [];
    const calls = toBedrockEmbeddingCalls({ model: 'm', input: ['a', 'b'], dimensions: 256, normalize: false }, 'titan', 'amazon.titan-embed-text-v2:0', 'bedrock', warnings);
    expect(bodies(calls)).toEqual([
      [{ inputText: 'a', dimensions: 256, normalize: false }, 1],
      [{ inputText: 'b', dimensions: 256, normalize: false }, 1],
    ]);
    expect(warnings).toEqual([]);
  });

  it('drops dimensions, with a warning, for Titan v1', () => {
    const warnings: string[] = [];
    expect(bodies(toBedrockEmbeddingCalls({ model: 'm', input: 'a', dimensions: 256 }, 'titan', 'amazon.titan-embed-text-v1', 'bedrock', warnings))).toEqual([[{ inputText: 'a' }, 1]]);
    expect(warnings).toEqual(['dimensions is not supported by bedrock for amazon.titan-embed-text-v1 and was dropped']);
  });

  it('batches Cohere inputs by 96, as search documents unless input_type says otherwise', () => {
    const input = Array.from({ length: 100 }, (_, i) => `text ${i}`);
    const calls = toBedrockEmbeddingCalls({ model: 'm', input }, 'cohere', 'cohere.embed-english-v3', 'bedrock', []);
    expect(calls.map((call) => call.count)).toEqual([96, 4]);
    expect(JSON.parse(calls[1].body)).toEqual({ texts: ['text 96', 'text 97', 'text 98', 'text 99'], input_type: 'search_document' });
    expect(JSON.parse(toBedrockEmbeddingCalls({ model: 'm', input: 'q', input_type: 'search_query', dimensions: 512 }, 'cohere', 'cohere.embed-v4:0', 'bedrock', [])[0].body)).toEqual({
      texts: ['q'],
      input_type: 'search_query',
      output_dimension: 512,
    });
  });

  it('refuses token inputs and warns of fields it drops', () => {
    expect(() => toBedrockEmbeddingCalls({ model: 'm', input: [1, 2, 3] }, 'titan', 'amazon.titan-embed-text-v2:0', 'bedrock', [])).toThrow(
      expect.objectContaining({ code: 'invalid_request', param: 'input' }),
    );
    const warnings: string[] = [];
    toBedrockEmbeddingCalls({ model: 'm', input: 'a', user: 'u1' }, 'titan', 'amazon.titan-embed-text-v2:0', 'bedrock', warnings);
    expect(warnings).toEqual(['user is not supported by bedrock and was dropped']);
  });
});

describe('fromBedrockEmbeddingAnswer', () => {
  it('reads Titan and both Cohere answer shapes', () => {
    expect(fromBedrockEmbeddingAnswer('bedrock', 'titan', { embedding: [0.1, 0.2], inputTextTokenCount: 3 })).toEqual({ vectors: [[0.1, 0.2]], tokens: 3 });
    expect(fromBedrockEmbeddingAnswer('bedrock', 'cohere', { embeddings: [[1], [2]], id: 'x', response_type: 'embeddings_floats', texts: ['a', 'b'] }).vectors).toEqual([[1], [2]]);
    expect(fromBedrockEmbeddingAnswer('bedrock', 'cohere', { embeddings: { float: [[3]] }, response_type: 'embeddings_by_type' }).vectors).toEqual([[3]]);
  });

  it('rejects answers without vectors as upstream_invalid_response', () => {
    expect(() => fromBedrockEmbeddingAnswer('bedrock', 'titan', {})).toThrow(expect.objectContaining({ code: 'upstream_invalid_response' }));
    expect(() => fromBedrockEmbeddingAnswer('bedrock', 'cohere', { embeddings: { int8: [[1]] } })).toThrow(expect.objectContaining({ code: 'upstream_invalid_response' }));
  });
});
