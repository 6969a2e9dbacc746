import { readdirSync, readFileSync } from 'node:fs';
import type { ChatCompletion } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fromOpenAIChatResponse, fromOpenAIEmbeddingResponse, fromOpenAIModelList } from './response.js';

const fixtures = new URL('../openai/fixtures/', import.meta.url);
const readJson = (name: string): unknown => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8'));
const cases = readdirSync(fixtures)
  .filter((name) => name.endsWith('.upstream-response.json'))
  // Legacy completions and Responses API cases have their own tests.
  .filter((name) => !name.startsWith('completions-') && !name.startsWith('responses-'))
  .map((name) => name.slice(0, -'.upstream-response.json'.length));

/** OpenAI's `chat.completion` as `openai/resources/chat/completions` declares it; strict, so the fixtures cannot drift. */
const completionSchema = z.strictObject({
  id: z.string(),
  object: z.literal('chat.completion'),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(
    z.strictObject({
      index: z.number().int(),
      message: z.strictObject({
        role: z.literal('assistant'),
        content: z.string().nullable(),
        refusal: z.string().nullable(),
        annotations: z
          .array(z.strictObject({ type: z.literal('url_citation'), url_citation: z.strictObject({ start_index: z.number(), end_index: z.number(), title: z.string(), url: z.string() }) }))
          .optional(),
        tool_calls: z
          .array(z.strictObject({ id: z.string(), type: z.literal('function'), function: z.strictObject({ name: z.string(), arguments: z.string() }) }))
          .optional(),
      }),
      logprobs: z.null(),
      finish_reason: z.enum(['stop', 'length', 'tool_calls', 'content_filter', 'function_call']),
    }),
  ),
  usage: z
    .strictObject({
      prompt_tokens: z.number(),
      completion_tokens: z.number(),
      total_tokens: z.number(),
      prompt_tokens_details: z.strictObject({ cached_tokens: z.number().optional(), audio_tokens: z.number().optional() }).optional(),
      completion_tokens_details: z
        .strictObject({
          reasoning_tokens: z.number().optional(),
          audio_tokens: z.number().optional(),
          accepted_prediction_tokens: z.number().optional(),
          rejected_prediction_tokens: z.number().optional(),
        })
        .optional(),
    })
    .optional(),
  service_tier: z.enum(['auto', 'default', 'flex', 'scale', 'priority']).nullable().optional(),
  system_fingerprint: z.string().optional(),
}) satisfies z.ZodType<ChatCompletion>;

describe('fromOpenAIChatResponse (OpenAI fixtures)', () => {
  it('has recorded responses to read', () => {
    expect(cases).toEqual(expect.arrayContaining(['plain-chat', 'system-multi-turn']));
  });

  it.each(cases)('%s.upstream-response.json is in OpenAI chat.completion shape', (name) => {
    const result = completionSchema.safeParse(readJson(`${name}.upstream-response.json`));
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it.each(cases)('reads %s.upstream-response.json as %s.expected.json', (name) => {
    expect(fromOpenAIChatResponse('openai', readJson(`${name}.upstream-response.json`))).toEqual(readJson(`${name}.expected.json`));
  });
});

describe('fromOpenAIChatResponse', () => {
  it('rejects a body without a choices array as upstream_invalid_response', () => {
    for (const body of [null, 'text', {}, { choices: {} }]) {
      expect(() => fromOpenAIChatResponse('openai', body)).toThrow(expect.objectContaining({ code: 'upstream_invalid_response', status: 502, provider: 'openai' }));
    }
  });
});

describe('fromOpenAIEmbeddingResponse', () => {
  it('accepts a body with a data array and rejects one without', () => {
    const body = { object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.1] }], model: 'text-embedding-3-small', usage: { prompt_tokens: 1, total_tokens: 1 } };
    expect(fromOpenAIEmbeddingResponse('openai', body)).toBe(body);
    expect(() => fromOpenAIEmbeddingResponse('openai', { object: 'list' })).toThrow(expect.objectContaining({ code: 'upstream_invalid_response' }));
  });
});

describe('fromOpenAIModelList', () => {
  it('reads the model ids and skips entries without one', () => {
    const body = { object: 'list', data: [{ id: 'gpt-4o', object: 'model', created: 1, owned_by: 'system' }, { object: 'model' }, { id: 'o3' }] };
    expect(fromOpenAIModelList('openai', body)).toEqual(['gpt-4o', 'o3']);
  });

  it('rejects a body without a data array', () => {
    expect(() => fromOpenAIModelList('openai', { models: [] })).toThrow(expect.objectContaining({ code: 'upstream_invalid_response' }));
  });
});

describe('fromOpenAIChatResponse normalization', () => {
  const answer = (message: Record<string, unknown>, finishReason: string) => ({
    id: 'c',
    object: 'chat.completion',
    created: 1,
    model: 'm',
    choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finishReason }],
  });

  it("maps a finish reason outside OpenAI's set to its meaning and keeps the raw one", () => {
    expect(fromOpenAIChatResponse('p', answer({ content: 'x' }, 'model_length')).choices[0]).toMatchObject({ finish_reason: 'length', native_finish_reason: 'model_length' });
    expect(fromOpenAIChatResponse('p', answer({ content: 'x' }, 'abort')).choices[0]).toMatchObject({ finish_reason: 'stop', native_finish_reason: 'abort' });
    expect(fromOpenAIChatResponse('p', answer({ content: 'x' }, 'stop')).choices[0]).not.toHaveProperty('native_finish_reason');
  });

  it('moves reasoning text from the profile’s field to reasoning_content, only for that profile', () => {
    expect(fromOpenAIChatResponse('p', answer({ content: '4', reasoning: 'r' }, 'stop'), 'reasoning').choices[0].message).toEqual({ role: 'assistant', content: '4', reasoning_content: 'r' });
    expect(fromOpenAIChatResponse('p', answer({ content: '4', reasoning: 'r' }, 'stop')).choices[0].message).toEqual({ role: 'assistant', content: '4', reasoning: 'r' });
  });

  it('reads content sent as text and thinking parts', () => {
    const parts = [{ type: 'thinking', thinking: [{ type: 'text', text: 'a' }, null, { type: 'text', text: 'b' }] }, { type: 'text', text: 'x' }, { type: 'image_url' }, { type: 'text', text: 'y' }];
    expect(fromOpenAIChatResponse('p', answer({ content: parts }, 'stop')).choices[0].message).toEqual({ role: 'assistant', content: 'xy', reasoning_content: 'ab' });
    expect(fromOpenAIChatResponse('p', answer({ content: [{ type: 'thinking', thinking: 'only' }] }, 'stop')).choices[0].message).toEqual({ role: 'assistant', content: null, reasoning_content: 'only' });
  });
});
