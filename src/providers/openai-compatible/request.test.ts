import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../api/index.js';
import { openaiProfile } from '../openai/profile.js';
import type { OpenAICompatibleProfile } from './profile.js';
import { toOpenAIChatBody, toOpenAIEmbeddingBody } from './request.js';

const fixtures = new URL('../openai/fixtures/', import.meta.url);
const readJson = (name: string): unknown => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8'));
const cases = readdirSync(fixtures)
  .filter((name) => name.endsWith('.input.json'))
  // Legacy completions and Responses API cases have their own tests.
  .filter((name) => !name.startsWith('completions-') && !name.startsWith('responses-'))
  .map((name) => name.slice(0, -'.input.json'.length));

describe('toOpenAIChatBody (OpenAI fixtures)', () => {
  it('has an input fixture for every recorded wire case', () => {
    expect(cases).toEqual(
      expect.arrayContaining(['plain-chat', 'plain-chat-stream', 'system-multi-turn', 'parallel-tool-calls-stream', 'usage-chunk-stream', 'reasoning-content-stream']),
    );
  });

  it.each(cases)('sends %s.upstream-request.json for %s.input.json', (name) => {
    const request = readJson(`${name}.input.json`) as ChatRequest;
    const before = structuredClone(request);
    const warnings: string[] = [];
    const body = toOpenAIChatBody(request, request.stream === true, openaiProfile, warnings);
    expect(JSON.parse(body)).toEqual(readJson(`${name}.upstream-request.json`));
    expect(warnings).toEqual([]);
    expect(request).toEqual(before);
  });
});

describe('toOpenAIChatBody', () => {
  const request: ChatRequest = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: false } };

  it('forwards a non-streaming request byte for byte when there is nothing to change', () => {
    const plain: ChatRequest = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], custom_field: { kept: true } };
    expect(toOpenAIChatBody(plain, false, openaiProfile, [])).toBe(JSON.stringify(plain));
  });

  it('asks for usage in streams when the profile supports it', () => {
    expect(JSON.parse(toOpenAIChatBody(request, true, openaiProfile, []))).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it("keeps the caller's stream_options when the profile cannot take include_usage", () => {
    const profile: OpenAICompatibleProfile = { ...openaiProfile, streamUsage: false };
    expect(JSON.parse(toOpenAIChatBody(request, true, profile, []))).toMatchObject({ stream: true, stream_options: { include_usage: false } });
  });

  it('drops stream and stream_options from a non-streaming call', () => {
    const body = JSON.parse(toOpenAIChatBody(request, false, openaiProfile, []));
    expect(body).not.toHaveProperty('stream');
    expect(body).not.toHaveProperty('stream_options');
  });

  it('drops a parameter the profile declares unsupported, with a warning, and leaves the request untouched', () => {
    const profile: OpenAICompatibleProfile = { ...openaiProfile, id: 'limited', unsupportedParams: ['seed', 'logit_bias'] };
    const withSeed: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }], seed: 7 };
    const warnings: string[] = [];
    const body = JSON.parse(toOpenAIChatBody(withSeed, false, profile, warnings));
    expect(body).toEqual({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    expect(warnings).toEqual(['seed is not supported by limited and was dropped']);
    expect(withSeed.seed).toBe(7);
  });
});

describe('toOpenAIEmbeddingBody', () => {
  it('forwards the request as it came', () => {
    const request = { model: 'text-embedding-3-small', input: ['a', 'b'], dimensions: 256, encoding_format: 'float' as const };
    expect(toOpenAIEmbeddingBody(request)).toBe(JSON.stringify(request));
  });
});

describe('toOpenAIChatBody profile rules', () => {
  const base: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };

  it('renames fields to the provider’s names, the OpenAI field winning over a different value', () => {
    const profile: OpenAICompatibleProfile = { ...openaiProfile, renamedParams: { max_completion_tokens: 'max_tokens' } };
    const warnings: string[] = [];
    expect(JSON.parse(toOpenAIChatBody({ ...base, max_completion_tokens: 50, max_tokens: 10 }, false, profile, warnings, 'p'))).toEqual({ ...base, max_tokens: 50 });
    expect(warnings).toEqual(['max_tokens was replaced by max_completion_tokens (p takes max_completion_tokens as max_tokens)']);
  });

  it('sends developer messages as system and drops message fields the provider rejects, once warned per field', () => {
    const profile: OpenAICompatibleProfile = { ...openaiProfile, developerRole: 'system', unsupportedMessageFields: ['name'] };
    const request: ChatRequest = {
      model: 'm',
      messages: [
        { role: 'developer', content: 'Be brief.' },
        { role: 'user', content: 'hi', name: 'ada' },
        { role: 'user', content: 'again', name: 'bob' },
      ],
    };
    const warnings: string[] = [];
    expect(JSON.parse(toOpenAIChatBody(request, false, profile, warnings, 'p')).messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hi' },
      { role: 'user', content: 'again' },
    ]);
    expect(warnings).toEqual(['messages[].name is not supported by p and was dropped']);
    expect(request.messages[1]).toEqual({ role: 'user', content: 'hi', name: 'ada' });
  });

  it('sends a request with nothing to rewrite byte for byte', () => {
    const profile: OpenAICompatibleProfile = { ...openaiProfile, developerRole: 'system', unsupportedMessageFields: ['name'], renamedParams: { seed: 'random_seed' } };
    expect(toOpenAIChatBody(base, false, profile, [])).toBe(JSON.stringify(base));
  });

  it('sends json_object as a json_schema allowing any object, or refuses it, where the profile says so', () => {
    const asSchema: OpenAICompatibleProfile = { ...openaiProfile, responseFormat: { jsonObject: 'as-json-schema' } };
    const request: ChatRequest = { ...base, response_format: { type: 'json_object' } };
    expect(JSON.parse(toOpenAIChatBody(request, false, asSchema, [])).response_format).toEqual({ type: 'json_schema', json_schema: { name: 'json_object', schema: { type: 'object' } } });
    const refusing: OpenAICompatibleProfile = { ...openaiProfile, responseFormat: { jsonObject: 'reject' } };
    expect(() => toOpenAIChatBody(request, false, refusing, [], 'p')).toThrow(expect.objectContaining({ code: 'invalid_request', param: 'response_format' }));
  });

  it('leaves stream_options out of streamed calls for a profile that rejects it', () => {
    const profile: OpenAICompatibleProfile = { ...openaiProfile, streamUsage: false, dropStreamOptions: true };
    expect(JSON.parse(toOpenAIChatBody({ ...base, stream: true, stream_options: { include_usage: true } }, true, profile, []))).toEqual({ ...base, stream: true });
  });

  it('drops stream_options from a non-streaming call even without stream', () => {
    expect(JSON.parse(toOpenAIChatBody({ ...base, stream_options: { include_usage: true } }, false, openaiProfile, []))).toEqual(base);
  });
});
