import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { fromAnthropicModelList, fromAnthropicResponse } from './response.js';

const fixtures = new URL('./fixtures/', import.meta.url);
const readJson = (name: string): unknown => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8'));
const cases = readdirSync(fixtures)
  .filter((name) => name.endsWith('.upstream-response.json'))
  .map((name) => name.slice(0, -'.upstream-response.json'.length));

/** The fixture clock: `created` is the time the gateway read the answer (Anthropic sends none). */
const now = 1_767_225_600;
beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(now * 1000);
});
afterAll(() => {
  vi.useRealTimers();
});

/** Anthropic's `Message` as the API reference documents it (https://docs.claude.com/en/api/messages); strict where the gateway reads. */
const usageShape = z.strictObject({
  input_tokens: z.number().int(),
  output_tokens: z.number().int(),
  cache_creation_input_tokens: z.number().int().nullable(),
  cache_read_input_tokens: z.number().int().nullable(),
  cache_creation: z.strictObject({ ephemeral_5m_input_tokens: z.number().int(), ephemeral_1h_input_tokens: z.number().int() }).nullable().optional(),
  output_tokens_details: z.strictObject({ thinking_tokens: z.number().int() }).nullable().optional(),
  service_tier: z.enum(['standard', 'priority', 'batch']).nullable().optional(),
});
const blockShape = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text'), text: z.string(), citations: z.array(z.unknown()).nullable().optional() }),
  z.strictObject({ type: z.literal('thinking'), thinking: z.string(), signature: z.string() }),
  z.strictObject({ type: z.literal('redacted_thinking'), data: z.string() }),
  z.strictObject({ type: z.literal('tool_use'), id: z.string().startsWith('toolu_'), name: z.string(), input: z.record(z.string(), z.unknown()) }),
]);
const messageShape = z.strictObject({
  id: z.string().startsWith('msg_'),
  type: z.literal('message'),
  role: z.literal('assistant'),
  model: z.string(),
  content: z.array(blockShape),
  stop_reason: z.enum(['end_turn', 'max_tokens', 'stop_sequence', 'tool_use', 'pause_turn', 'refusal', 'model_context_window_exceeded']),
  stop_sequence: z.string().nullable(),
  stop_details: z.strictObject({ type: z.literal('refusal'), category: z.string().nullable(), explanation: z.string().nullable() }).nullable().optional(),
  usage: usageShape,
});

describe('fromAnthropicResponse (fixtures)', () => {
  it('has recorded responses to read', () => {
    expect(cases).toEqual(expect.arrayContaining(['plain-chat', 'tools-named-choice', 'reasoning', 'cached-usage', 'json-object', 'finish-length', 'finish-refusal']));
  });

  it.each(cases)('%s.upstream-response.json is an Anthropic message', (name) => {
    const result = messageShape.safeParse(readJson(`${name}.upstream-response.json`));
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it.each(cases)('maps %s.upstream-response.json to its expected.json', (name) => {
    expect(fromAnthropicResponse('anthropic', readJson(`${name}.upstream-response.json`))).toEqual(readJson(`${name}.expected.json`));
  });
});

describe('fromAnthropicResponse', () => {
  const message = { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-haiku-4-5', stop_sequence: null, usage: { input_tokens: 1, output_tokens: 1 } };

  it('rejects a body without a content array', () => {
    expect(() => fromAnthropicResponse('anthropic', { type: 'message' })).toThrow(expect.objectContaining({ code: 'upstream_invalid_response' }));
    expect(() => fromAnthropicResponse('anthropic', null)).toThrow(expect.objectContaining({ code: 'upstream_invalid_response' }));
  });

  it('maps pause_turn and the context window stop, and keeps an unknown reason raw', () => {
    const finish = (stop_reason: string) => fromAnthropicResponse('anthropic', { ...message, content: [{ type: 'text', text: 'x' }], stop_reason }).choices[0];
    expect(finish('pause_turn')).toMatchObject({ finish_reason: 'stop', native_finish_reason: 'pause_turn' });
    expect(finish('model_context_window_exceeded')).toMatchObject({ finish_reason: 'length' });
    expect(finish('something_new')).toMatchObject({ finish_reason: 'stop', native_finish_reason: 'something_new' });
  });

  it('skips server-tool blocks and keeps tool calls next to the JSON tool', () => {
    const response = fromAnthropicResponse('anthropic', {
      ...message,
      stop_reason: 'tool_use',
      content: [
        { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'x' } },
        { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
        { type: 'tool_use', id: 'toolu_1', name: 'f', input: {} },
        { type: 'tool_use', id: 'toolu_2', name: 'emit_json_response', input: { a: 1 } },
      ],
    });
    expect(response.choices[0]).toMatchObject({
      finish_reason: 'tool_calls',
      message: { content: '{"a":1}', tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
    });
  });
});

describe('fromAnthropicModelList', () => {
  it('reads the ids and the next page', () => {
    const page = { data: [{ type: 'model', id: 'claude-opus-4-5-20251101', display_name: 'Claude Opus 4.5', created_at: '2025-11-24T00:00:00Z' }], has_more: true, first_id: 'claude-opus-4-5-20251101', last_id: 'claude-opus-4-5-20251101' };
    expect(fromAnthropicModelList('anthropic', page)).toEqual({ ids: ['claude-opus-4-5-20251101'], next: 'claude-opus-4-5-20251101' });
    expect(fromAnthropicModelList('anthropic', { ...page, has_more: false })).toEqual({ ids: ['claude-opus-4-5-20251101'], next: undefined });
    expect(() => fromAnthropicModelList('anthropic', {})).toThrow(expect.objectContaining({ code: 'upstream_invalid_response' }));
  });
});
