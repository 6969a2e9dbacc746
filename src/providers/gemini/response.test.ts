import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { geminiResponseSchema } from '../../../test/fake-upstreams/gemini-wire-schema.js';
import { fromGeminiResponse } from './response.js';

const fixtures = new URL('./fixtures/', import.meta.url);
const readJson = (name: string): any => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8'));
const cases = readdirSync(fixtures)
  .filter((name) => name.endsWith('.upstream-response.json'))
  .map((name) => name.slice(0, -'.upstream-response.json'.length));

beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(1_750_000_000_000);
});
afterAll(() => {
  vi.useRealTimers();
});

/** The fields of a GatewayError that the fixtures record. */
function errorFields(error: any) {
  const { code, type, failureClass, provider, upstreamStatus, param, retryAfter, message } = error;
  return { code, status: error.status, type, failureClass, provider, upstreamStatus, param, retryAfter, message };
}

describe('fromGeminiResponse (Gemini fixtures)', () => {
  it('has recorded responses to read', () => {
    expect(cases).toEqual(
      expect.arrayContaining(['plain-chat', 'system-multi-turn', 'tools-named-choice', 'tools-required', 'tool-result-round-trip', 'vision', 'json-schema', 'reasoning-cached-usage', 'finish-reasons', 'finish-recitation', 'prompt-blocked']),
    );
  });

  it.each(cases)('%s.upstream-response.json is in Gemini wire format', (name) => {
    expect(geminiResponseSchema.safeParse(readJson(`${name}.upstream-response.json`)).error?.issues ?? []).toEqual([]);
  });

  it.each(cases)('reads %s.upstream-response.json as %s.expected.json', (name) => {
    const model = readJson(`${name}.input.json`).model;
    const expected = readJson(`${name}.expected.json`);
    const body = readJson(`${name}.upstream-response.json`);
    if ('error' in expected) expect(errorFields(catchError(() => fromGeminiResponse('gemini', body, model)))).toEqual(expected.error);
    else expect(fromGeminiResponse('gemini', body, model)).toEqual(expected);
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('fromGeminiResponse', () => {
  const candidate = { content: { parts: [{ text: 'hi' }], role: 'model' }, finishReason: 'STOP', index: 0 };

  it('uses the requested model and a generated id when the response names neither', () => {
    const response = fromGeminiResponse('gemini', { candidates: [candidate] }, 'gemini-2.0-flash');
    expect(response.model).toBe('gemini-2.0-flash');
    expect(response.id).toMatch(/^chatcmpl-[0-9a-f-]{36}$/);
    expect(response.usage).toBeUndefined();
  });

  it('reads createTime as created (Vertex AI sends it)', () => {
    expect(fromGeminiResponse('vertex', { candidates: [candidate], createTime: '2025-06-09T10:00:00.123456Z' }, 'm').created).toBe(1_749_463_200);
  });

  it('counts tool-use prompt tokens as prompt tokens', () => {
    const usageMetadata = { promptTokenCount: 10, toolUsePromptTokenCount: 5, candidatesTokenCount: 2, totalTokenCount: 17 };
    expect(fromGeminiResponse('gemini', { candidates: [candidate], usageMetadata }, 'm').usage).toEqual({ prompt_tokens: 15, completion_tokens: 2, total_tokens: 17 });
  });

  it('maps a stop after a malformed function call to stop, keeping the raw reason', () => {
    const choice = fromGeminiResponse('gemini', { candidates: [{ finishReason: 'MALFORMED_FUNCTION_CALL', index: 0 }] }, 'm').choices[0];
    expect(choice).toMatchObject({ finish_reason: 'stop', native_finish_reason: 'MALFORMED_FUNCTION_CALL', message: { content: '' } });
  });

  it('rejects a body that is not an object, or has neither candidates nor a block reason', () => {
    expect(() => fromGeminiResponse('gemini', [], 'm')).toThrow(expect.objectContaining({ code: 'upstream_invalid_response' }));
    expect(() => fromGeminiResponse('gemini', { usageMetadata: {} }, 'm')).toThrow(expect.objectContaining({ code: 'upstream_invalid_response', message: expect.stringContaining('without candidates') }));
  });

  it('names the block reason message when Google sends one', () => {
    const body = { promptFeedback: { blockReason: 'OTHER', blockReasonMessage: 'The prompt was blocked.' } };
    expect(() => fromGeminiResponse('gemini', body, 'm')).toThrow(expect.objectContaining({ code: 'content_policy_violation', message: expect.stringContaining('(OTHER): The prompt was blocked.') }));
  });
});
