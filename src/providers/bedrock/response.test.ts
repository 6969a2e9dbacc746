import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ChatRequest } from '../../api/index.js';
import { toBedrockConverseRequest } from './request.js';
import { bedrockAnswerContext, fromBedrockConverseResponse } from './response.js';

const fixtures = new URL('./fixtures/', import.meta.url);
const readJson = (name: string): unknown => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8'));
const cases = readdirSync(fixtures)
  .filter((name) => name.endsWith('.upstream-response.json'))
  .map((name) => name.slice(0, -'.upstream-response.json'.length));

/** `ConverseResponse` as the API reference and `@aws-sdk/client-bedrock-runtime` declare it; strict, so the fixtures cannot drift. */
const contentBlock = z.union([
  z.strictObject({ text: z.string() }),
  z.strictObject({ toolUse: z.strictObject({ toolUseId: z.string(), name: z.string(), input: z.unknown() }) }),
  z.strictObject({ reasoningContent: z.union([z.strictObject({ reasoningText: z.strictObject({ text: z.string(), signature: z.string().optional() }) }), z.strictObject({ redactedContent: z.string() })]) }),
]);
const converseResponse = z.strictObject({
  output: z.strictObject({ message: z.strictObject({ role: z.literal('assistant'), content: z.array(contentBlock) }) }),
  stopReason: z.enum(['end_turn', 'tool_use', 'max_tokens', 'stop_sequence', 'guardrail_intervened', 'content_filtered', 'model_context_window_exceeded', 'malformed_model_output', 'malformed_tool_use']),
  usage: z.strictObject({
    inputTokens: z.number().int(),
    outputTokens: z.number().int(),
    totalTokens: z.number().int(),
    cacheReadInputTokens: z.number().int().optional(),
    cacheWriteInputTokens: z.number().int().optional(),
  }),
  metrics: z.strictObject({ latencyMs: z.number() }),
  additionalModelResponseFields: z.unknown().optional(),
});

const context = (name: string) => {
  const request = readJson(`${name}.input.json`) as ChatRequest;
  const { jsonResponse } = toBedrockConverseRequest(request, request.model, 'bedrock', []);
  return { id: 'chatcmpl-fixture', model: request.model, created: 1_700_000_000, jsonResponse };
};

describe('fromBedrockConverseResponse (Bedrock fixtures)', () => {
  it('has recorded answers to read', () => {
    expect(cases).toEqual(
      expect.arrayContaining(['plain-chat', 'system-multi-turn', 'tools-named-choice', 'tool-result-round-trip', 'vision', 'json-schema', 'reasoning', 'cached-usage', 'finish-length', 'finish-stop-sequence', 'finish-guardrail']),
    );
  });

  it.each(cases)('%s.upstream-response.json is in Converse response shape', (name) => {
    const result = converseResponse.safeParse(readJson(`${name}.upstream-response.json`));
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it.each(cases)('reads %s.upstream-response.json as %s.expected.json', (name) => {
    expect(fromBedrockConverseResponse('bedrock', readJson(`${name}.upstream-response.json`), context(name))).toEqual(readJson(`${name}.expected.json`));
  });
});

describe('fromBedrockConverseResponse', () => {
  it('rejects an answer without output.message.content as upstream_invalid_response', () => {
    const ctx = { id: 'x', model: 'm', created: 1, jsonResponse: false };
    for (const body of [null, 'text', {}, { output: {} }, { output: { message: { content: 'hi' } } }]) {
      expect(() => fromBedrockConverseResponse('bedrock', body, ctx)).toThrow(expect.objectContaining({ code: 'upstream_invalid_response', provider: 'bedrock' }));
    }
  });

  it('keeps text next to tool calls, and treats redacted reasoning as no text', () => {
    const body = {
      output: { message: { role: 'assistant', content: [{ reasoningContent: { redactedContent: 'AAAA' } }, { text: 'Let me check.' }, { toolUse: { toolUseId: 't1', name: 'f', input: {} } }] } },
      stopReason: 'tool_use',
    };
    const response = fromBedrockConverseResponse('bedrock', body, { id: 'x', model: 'm', created: 1, jsonResponse: false });
    expect(response.choices[0].message).toEqual({ role: 'assistant', content: 'Let me check.', tool_calls: [{ id: 't1', type: 'function', function: { name: 'f', arguments: '{}' } }] });
    expect(response.usage).toBeUndefined();
  });

  it('takes the response id from the request id Bedrock sends, or makes one', () => {
    expect(bedrockAnswerContext({ 'x-amzn-requestid': 'abc-123' }, 'm', false).id).toBe('chatcmpl-abc-123');
    expect(bedrockAnswerContext({}, 'm', false).id).toMatch(/^chatcmpl-[0-9a-f-]{36}$/);
  });
});
