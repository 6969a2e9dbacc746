import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../api/index.js';
import { canonicalJson, exactCacheKey, semanticPartition, type CacheKeyOptions } from './canonical-key.js';

const options: CacheKeyOptions = { cacheByModel: true, cacheByProvider: true, excludeSystemPrompt: false };

const base: ChatRequest = {
  model: 'openai/gpt-4o',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'What is the capital of France?' },
  ],
  temperature: 0.2,
  tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } } }],
};

const key = (request: ChatRequest, cacheKey?: string, keyOptions = options) => exactCacheKey(request, cacheKey, keyOptions);
const partition = (request: ChatRequest, cacheKey?: string, keyOptions = options) => semanticPartition(request, cacheKey, keyOptions);

describe('canonicalJson', () => {
  it('sorts object keys at every depth and leaves out undefined fields', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: undefined } })).toBe('{"a":{"d":[{"x":2,"y":1}]},"b":1}');
  });

  it('keeps null, strings and numbers as JSON', () => {
    expect(canonicalJson([null, 'a"b', 1.5, true])).toBe('[null,"a\\"b",1.5,true]');
  });
});

describe('exactCacheKey', () => {
  it('is the same whatever the order of JSON keys', () => {
    const reordered = JSON.parse(
      '{"tools":[{"function":{"parameters":{"properties":{"q":{"type":"string"}},"type":"object"},"name":"lookup"},"type":"function"}],"temperature":0.2,' +
        '"messages":[{"content":"Be brief.","role":"system"},{"content":"What is the capital of France?","role":"user"}],"model":"openai/gpt-4o"}',
    ) as ChatRequest;
    expect(key(reordered)).toBe(key(base));
    expect(key(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each<[string, Partial<ChatRequest>]>([
    ['the model', { model: 'openai/gpt-4o-mini' }],
    ['the provider', { model: 'azure/gpt-4o' }],
    ['a message', { messages: [{ role: 'user', content: 'What is the capital of Spain?' }] }],
    ['the tools', { tools: [] }],
    ['tool_choice', { tool_choice: 'required' }],
    ['response_format', { response_format: { type: 'json_object' } }],
    ['temperature', { temperature: 0.3 }],
    ['top_p', { top_p: 0.5 }],
    ['max_tokens', { max_tokens: 10 }],
    ['stop', { stop: ['\n'] }],
    ['seed', { seed: 7 }],
    ['presence_penalty', { presence_penalty: 1 }],
    ['frequency_penalty', { frequency_penalty: 1 }],
    ['n', { n: 2 }],
    ['reasoning_effort', { reasoning_effort: 'high' }],
    ['an unknown extra field', { top_k: 40 }],
  ])('changes when %s differs', (_name, change) => {
    expect(key({ ...base, ...change })).not.toBe(key(base));
  });

  it.each<[string, Partial<ChatRequest>]>([
    ['stream', { stream: true }],
    ['stream_options', { stream_options: { include_usage: true } }],
    ['user', { user: 'alice' }],
    ['metadata', { metadata: { run: '1' } }],
    ['fallbacks', { fallbacks: ['anthropic/claude'] }],
    ['store', { store: true }],
    ['service_tier', { service_tier: 'flex' }],
  ])('does not change with %s', (_name, change) => {
    expect(key({ ...base, ...change })).toBe(key(base));
  });

  it('mixes in the caller cache key', () => {
    expect(key(base, 'tenant-a')).not.toBe(key(base));
    expect(key(base, 'tenant-a')).not.toBe(key(base, 'tenant-b'));
    expect(key(base, 'tenant-a')).toBe(key(base, 'tenant-a'));
  });

  it('ignores the provider with cacheByProvider off, and the model with cacheByModel off', () => {
    const byModelOnly = { ...options, cacheByProvider: false };
    expect(key({ ...base, model: 'azure/gpt-4o' }, undefined, byModelOnly)).toBe(key(base, undefined, byModelOnly));
    expect(key({ ...base, model: 'gpt-4o' }, undefined, byModelOnly)).toBe(key(base, undefined, byModelOnly));
    expect(key({ ...base, model: 'openai/gpt-4o-mini' }, undefined, byModelOnly)).not.toBe(key(base, undefined, byModelOnly));
    const noModel = { ...options, cacheByModel: false };
    expect(key({ ...base, model: 'anthropic/claude' }, undefined, noModel)).toBe(key(base, undefined, noModel));
  });

  it('never equals a semantic partition', () => {
    const noMessages = { ...base, messages: [] };
    expect(key(noMessages)).not.toBe(partition(noMessages));
  });
});

describe('semanticPartition', () => {
  it('is shared by requests that differ only in the conversation', () => {
    const other: ChatRequest = { ...base, messages: [base.messages[0], { role: 'user', content: 'Name the capital city of France' }], stream: true };
    expect(partition(other)).toBe(partition(base));
  });

  it.each<[string, Partial<ChatRequest>]>([
    ['the model', { model: 'openai/gpt-4o-mini' }],
    ['the provider', { model: 'azure/gpt-4o' }],
    ['the tools', { tools: [] }],
    ['temperature', { temperature: 1 }],
    ['the system prompt', { messages: [{ role: 'system', content: 'Be verbose.' }, base.messages[1]] }],
  ])('differs when %s differs', (_name, change) => {
    expect(partition({ ...base, ...change })).not.toBe(partition(base));
  });

  it('leaves the system prompt out with excludeSystemPrompt', () => {
    const excluding = { ...options, excludeSystemPrompt: true };
    const otherSystem: ChatRequest = { ...base, messages: [{ role: 'system', content: 'Be verbose.' }, base.messages[1]] };
    const noSystem: ChatRequest = { ...base, messages: [base.messages[1]] };
    expect(partition(otherSystem, undefined, excluding)).toBe(partition(base, undefined, excluding));
    expect(partition(noSystem, undefined, excluding)).toBe(partition(base, undefined, excluding));
  });

  it('mixes in the caller cache key', () => {
    expect(partition(base, 'tenant-a')).not.toBe(partition(base, 'tenant-b'));
  });
});

describe('semanticPartition and the embedding model', () => {
  it('gives entries embedded by different models different partitions', () => {
    const request: ChatRequest = { model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'hi' }] };
    const base = { cacheByModel: true, cacheByProvider: true, excludeSystemPrompt: false };
    expect(semanticPartition(request, undefined, { ...base, embeddingModel: 'openai/text-embedding-3-small' })).not.toBe(
      semanticPartition(request, undefined, { ...base, embeddingModel: 'openai/text-embedding-3-large' }),
    );
  });
});
