import { describe, expect, it } from 'vitest';
import { validateChatRequest, validateCompletionRequest, validateEmbeddingRequest, validateResponsesRequest } from './validate-request.js';

const invalid = (param?: string) => expect.objectContaining({ code: 'invalid_request', status: 400, type: 'invalid_request_error', param: param ?? null });

describe('validateChatRequest', () => {
  it('accepts a request with messages', () => {
    expect(() => validateChatRequest({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'hi' }] })).not.toThrow();
    expect(() => validateChatRequest({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true })).not.toThrow();
    expect(() => validateChatRequest({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: null })).not.toThrow();
  });

  it('leaves fields it does not need to the provider', () => {
    expect(() => validateChatRequest({ messages: [{ role: 'whatever', content: 42 }], temperature: 'hot' })).not.toThrow();
  });

  it('rejects a body that is not an object', () => {
    for (const body of [null, [], 'hi', 3]) expect(() => validateChatRequest(body)).toThrow(invalid());
  });

  it('rejects missing or empty messages', () => {
    expect(() => validateChatRequest({ model: 'openai/gpt-4o' })).toThrow(invalid('messages'));
    expect(() => validateChatRequest({ model: 'openai/gpt-4o', messages: [] })).toThrow(invalid('messages'));
    expect(() => validateChatRequest({ model: 'openai/gpt-4o', messages: 'hi' })).toThrow(invalid('messages'));
  });

  it('rejects a message without a string role, naming its index', () => {
    expect(() => validateChatRequest({ messages: [{ role: 'user', content: 'a' }, { content: 'b' }] })).toThrow(invalid('messages[1]'));
    expect(() => validateChatRequest({ messages: [null] })).toThrow(invalid('messages[0]'));
    expect(() => validateChatRequest({ messages: [{ role: 1 }] })).toThrow(invalid('messages[0]'));
  });

  it('rejects a stream flag that is not a boolean', () => {
    expect(() => validateChatRequest({ messages: [{ role: 'user', content: 'a' }], stream: 'yes' })).toThrow(invalid('stream'));
  });
});

describe('validateEmbeddingRequest', () => {
  it('accepts a string or a non-empty array as input', () => {
    for (const input of ['hello', ['a', 'b'], [1, 2, 3], [[1, 2]]]) expect(() => validateEmbeddingRequest({ model: 'openai/x', input })).not.toThrow();
  });

  it('rejects missing or empty input', () => {
    for (const input of [undefined, [], 42, null]) expect(() => validateEmbeddingRequest({ model: 'openai/x', input })).toThrow(invalid('input'));
  });

  it('rejects a body that is not an object', () => {
    expect(() => validateEmbeddingRequest([])).toThrow(invalid());
  });
});

describe('validateCompletionRequest', () => {
  it('accepts a prompt that is a string, an array, or null (left to the provider)', () => {
    for (const prompt of ['hi', ['a', 'b'], [1, 2], null]) expect(() => validateCompletionRequest({ model: 'p/m', prompt })).not.toThrow();
  });

  it('rejects a missing or malformed prompt, a non-object body and a non-boolean stream', () => {
    expect(() => validateCompletionRequest({ model: 'p/m' })).toThrow(invalid('prompt'));
    expect(() => validateCompletionRequest({ model: 'p/m', prompt: 3 })).toThrow(invalid('prompt'));
    expect(() => validateCompletionRequest([])).toThrow(invalid());
    expect(() => validateCompletionRequest({ model: 'p/m', prompt: 'x', stream: 'yes' })).toThrow(invalid('stream'));
  });
});

describe('validateResponsesRequest', () => {
  it('accepts a string or array input, or none (a stored prompt, for providers that keep them)', () => {
    for (const input of ['hi', [{ role: 'user', content: 'hi' }], undefined]) expect(() => validateResponsesRequest({ model: 'p/m', input })).not.toThrow();
  });

  it('rejects a malformed input, a non-object body and a non-boolean stream', () => {
    expect(() => validateResponsesRequest({ model: 'p/m', input: 3 })).toThrow(invalid('input'));
    expect(() => validateResponsesRequest('hi')).toThrow(invalid());
    expect(() => validateResponsesRequest({ model: 'p/m', input: 'x', stream: 1 })).toThrow(invalid('stream'));
  });
});
