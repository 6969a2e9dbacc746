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
