import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cohereChatRequestSchema } from '../../../test/fake-upstreams/cohere-wire.js';
import type { ChatRequest } from '../../api/index.js';
import { toCohereChatBody } from './request.js';

const fixtures = new URL('./fixtures/', import.meta.url);
const readJson = (name: string): unknown => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8'));
const cases = readdirSync(fixtures)
  .filter((name) => name.endsWith('.input.json'))
  .map((name) => name.slice(0, -'.input.json'.length));

const build = (request: Partial<ChatRequest>, warnings: string[] = []): Record<string, unknown> =>
  JSON.parse(toCohereChatBody({ model: 'command-a-03-2025', messages: [{ role: 'user', content: 'hi' }], ...request } as ChatRequest, false, 'cohere', warnings));

describe('toCohereChatBody (Cohere fixtures)', () => {
  it('has an input fixture for every translated feature', () => {
    expect(cases).toEqual(
      expect.arrayContaining([
        'plain-chat', 'plain-chat-stream', 'system-multi-turn', 'tools', 'tool-choice-named', 'parallel-tool-calls-stream',
        'tool-result-round-trip', 'vision', 'json-schema', 'reasoning', 'reasoning-stream',
      ]),
    );
  });

  it.each(cases)('%s.upstream-request.json is in Cohere V2ChatRequest shape', (name) => {
    const result = cohereChatRequestSchema.safeParse(readJson(`${name}.upstream-request.json`));
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it.each(cases)('sends %s.upstream-request.json for %s.input.json', (name) => {
    const request = readJson(`${name}.input.json`) as ChatRequest;
    const before = structuredClone(request);
    const warnings: string[] = [];
    const body = toCohereChatBody(request, request.stream === true, 'cohere', warnings);
    expect(JSON.parse(body)).toEqual(readJson(`${name}.upstream-request.json`));
    const expectedWarnings = existsSync(new URL(`${name}.warnings.json`, fixtures)) ? readJson(`${name}.warnings.json`) : [];
    expect(warnings).toEqual(expectedWarnings);
    expect(request).toEqual(before);
  });
});

describe('toCohereChatBody', () => {
  it('drops what Cohere cannot take, each with a warning naming the configured provider', () => {
    const warnings: string[] = [];
    const body = build({ n: 2, logprobs: true, top_logprobs: 2, user: 'u1', parallel_tool_calls: false, logit_bias: { 1: 2 }, metadata: { a: 'b' } }, warnings);
    expect(body).toEqual({ model: 'command-a-03-2025', messages: [{ role: 'user', content: 'hi' }], stream: false });
    expect(warnings.sort()).toEqual(
      [
        'logit_bias is not supported by cohere and was dropped',
        'logprobs is not supported by cohere and was dropped',
        'metadata is not supported by cohere and was dropped',
        'n is not supported by cohere and was dropped (one choice is returned)',
        'parallel_tool_calls false is not supported by cohere and was dropped',
        'top_logprobs is not supported by cohere and was dropped',
        'user is not supported by cohere and was dropped',
      ].sort(),
    );
  });

  it('takes n 1, parallel tool calls, null fields and a text response_format without a word', () => {
    const warnings: string[] = [];
    const body = build({ n: 1, parallel_tool_calls: true, temperature: null, seed: null, response_format: { type: 'text' }, stream_options: { include_usage: true } }, warnings);
    expect(body).toEqual({ model: 'command-a-03-2025', messages: [{ role: 'user', content: 'hi' }], stream: false });
    expect(warnings).toEqual([]);
  });

  it("forwards Cohere's own fields sent as extensions", () => {
    const warnings: string[] = [];
    const body = build({ k: 40, safety_mode: 'STRICT', documents: ['The sky is blue.'], citation_options: { mode: 'FAST' }, priority: 1 }, warnings);
    expect(body).toMatchObject({ k: 40, safety_mode: 'STRICT', documents: ['The sky is blue.'], citation_options: { mode: 'FAST' }, priority: 1 });
    expect(cohereChatRequestSchema.safeParse(body).success).toBe(true);
    expect(warnings).toEqual([]);
  });

  it("brings top_p into Cohere's range of p, with a warning", () => {
    const warnings: string[] = [];
    expect(build({ top_p: 1 }, warnings).p).toBe(0.99);
    expect(build({ top_p: 0 }, warnings).p).toBe(0.01);
    expect(warnings).toEqual(["top_p 1 is outside cohere's range (0.01 to 0.99) and was sent as 0.99", "top_p 0 is outside cohere's range (0.01 to 0.99) and was sent as 0.01"]);
  });

  it('prefers max_completion_tokens to max_tokens and sends a stop list as it is', () => {
    expect(build({ max_tokens: 10, max_completion_tokens: 20, stop: ['a', 'b'] })).toMatchObject({ max_tokens: 20, stop_sequences: ['a', 'b'] });
  });

  it('maps tool_choice none and auto, and leaves tool_choice out without tools', () => {
    const tools: ChatRequest['tools'] = [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: {} } } }];
    expect(build({ tools, tool_choice: 'none' }).tool_choice).toBe('NONE');
    expect(build({ tools, tool_choice: 'auto' })).not.toHaveProperty('tool_choice');
    expect(build({ tool_choice: 'required' })).not.toHaveProperty('tool_choice');
  });

  it('refuses a tool_choice naming a function that is not in tools', () => {
    const tools: ChatRequest['tools'] = [{ type: 'function', function: { name: 'f' } }];
    expect(() => build({ tools, tool_choice: { type: 'function', function: { name: 'g' } } })).toThrow(expect.objectContaining({ code: 'invalid_request', param: 'tool_choice' }));
    expect(() => build({ tools, tool_choice: { type: 'allowed_tools' } as never })).toThrow(expect.objectContaining({ code: 'invalid_request', param: 'tool_choice' }));
  });

  it('sends json_object as it is and a json_schema without schema as plain JSON', () => {
    expect(build({ response_format: { type: 'json_object' } }).response_format).toEqual({ type: 'json_object' });
    expect(build({ response_format: { type: 'json_schema', json_schema: { name: 'x' } } }).response_format).toEqual({ type: 'json_object' });
  });

  it('refuses a response_format type it does not know, naming response_format', () => {
    expect(() => build({ response_format: { type: 'grammar' } as never })).toThrow(expect.objectContaining({ code: 'invalid_request', param: 'response_format', status: 400 }));
  });

  it('maps reasoning_effort none to disabled thinking and drops an unknown effort with a warning', () => {
    const warnings: string[] = [];
    expect(build({ reasoning_effort: 'none' }, warnings).thinking).toEqual({ type: 'disabled' });
    expect(build({ reasoning_effort: 'minimal' }, warnings).thinking).toEqual({ type: 'enabled', token_budget: 1024 });
    expect(build({ reasoning_effort: 'extreme' }, warnings)).not.toHaveProperty('thinking');
    expect(warnings).toEqual(["reasoning_effort 'extreme' is not supported by cohere and was dropped"]);
  });

  it('keeps a system message that follows the conversation in its place', () => {
    const body = build({ messages: [{ role: 'user', content: 'a' }, { role: 'system', content: 'b' }, { role: 'user', content: 'c' }] });
    expect(body.messages).toEqual([
      { role: 'user', content: 'a' },
      { role: 'system', content: [{ type: 'text', text: 'b' }] },
      { role: 'user', content: 'c' },
    ]);
  });

  it('sends a lone leading system message as a string', () => {
    expect(build({ messages: [{ role: 'developer', content: 'Be brief.' }, { role: 'user', content: 'hi' }] }).messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hi' },
    ]);
  });

  it('sends reasoning and tool calls of an assistant turn together', () => {
    const body = build({
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: null, reasoning_content: 'think', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'ok' },
      ],
    });
    expect((body.messages as unknown[])[1]).toEqual({ role: 'assistant', content: [{ type: 'thinking', thinking: 'think' }], tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] });
    expect(cohereChatRequestSchema.safeParse(body).success).toBe(true);
  });

  it('warns once that message names were dropped', () => {
    const warnings: string[] = [];
    build({ messages: [{ role: 'user', content: 'a', name: 'ada' }, { role: 'user', content: 'b', name: 'bob' }] }, warnings);
    expect(warnings).toEqual(['messages[].name is not supported by cohere and was dropped']);
  });

  it('refuses content Cohere cannot take: audio, files, images outside user messages, unknown roles', () => {
    const invalid = (messages: unknown) => expect(() => build({ messages: messages as ChatRequest['messages'] })).toThrow(expect.objectContaining({ code: 'invalid_request', status: 400 }));
    invalid([{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }] }]);
    invalid([{ role: 'user', content: [{ type: 'file', file: { file_id: 'f' } }] }]);
    invalid([{ role: 'system', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] }, { role: 'user', content: 'hi' }]);
    invalid([{ role: 'function', content: 'x' }]);
  });
});
