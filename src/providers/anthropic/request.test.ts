import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../api/index.js';
import { toAnthropicRequest } from './request.js';

const fixtures = new URL('./fixtures/', import.meta.url);
const readJson = (name: string): unknown => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8'));
const cases = readdirSync(fixtures)
  .filter((name) => name.endsWith('.input.json'))
  .map((name) => name.slice(0, -'.input.json'.length));

const build = (request: ChatRequest, warnings: string[] = []) => toAnthropicRequest(request, request.stream === true, 'anthropic', warnings);
const user = (content: string): ChatRequest['messages'][number] => ({ role: 'user', content });

describe('toAnthropicRequest (fixtures)', () => {
  it('has an input fixture for every recorded wire case', () => {
    expect(cases).toEqual(
      expect.arrayContaining([
        'plain-chat', 'plain-chat-stream', 'system-multi-turn', 'tools-named-choice', 'parallel-tool-calls-stream', 'tool-result-round-trip',
        'vision', 'json-schema', 'json-object', 'json-object-stream', 'reasoning', 'reasoning-stream', 'cached-usage', 'dropped-params',
      ]),
    );
  });

  it.each(cases)('sends %s.upstream-request.json for %s.input.json', (name) => {
    const request = readJson(`${name}.input.json`) as ChatRequest;
    const before = structuredClone(request);
    const warnings: string[] = [];
    expect(build(request, warnings)).toEqual(readJson(`${name}.upstream-request.json`));
    const expectedWarnings = existsSync(new URL(`${name}.warnings.json`, fixtures)) ? readJson(`${name}.warnings.json`) : [];
    expect(warnings).toEqual(expectedWarnings);
    expect(request, 'the caller request must not change').toEqual(before);
  });
});

describe('toAnthropicRequest', () => {
  const model = 'claude-sonnet-4-5';

  it('refuses tool-call arguments that are not JSON, naming the field', () => {
    const request: ChatRequest = {
      model,
      messages: [user('hi'), { role: 'assistant', tool_calls: [{ id: 't1', type: 'function', function: { name: 'f', arguments: '{"a":' } }] }],
    };
    expect(() => build(request)).toThrow(expect.objectContaining({ code: 'invalid_request', status: 400, param: 'messages[1].tool_calls[0].function.arguments' }));
  });

  it('sends empty tool-call arguments as an empty input object', () => {
    const request: ChatRequest = { model, messages: [user('hi'), { role: 'assistant', content: null, tool_calls: [{ id: 't1', type: 'function', function: { name: 'f', arguments: '' } }] }] };
    expect(build(request).messages[1]).toEqual({ role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'f', input: {} }] });
  });

  it('refuses audio and uploaded-file parts, and images that are neither URLs nor data URLs', () => {
    const audio: ChatRequest = { model, messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }] }] };
    expect(() => build(audio)).toThrow(expect.objectContaining({ code: 'invalid_request', param: 'messages[0].content[0]' }));
    const fileId: ChatRequest = { model, messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-1' } }] }] };
    expect(() => build(fileId)).toThrow(expect.objectContaining({ code: 'invalid_request', param: 'messages[0].content[0].file' }));
    const ftp: ChatRequest = { model, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://x/y.png' } }] }] };
    expect(() => build(ftp)).toThrow(expect.objectContaining({ code: 'invalid_request' }));
  });

  it('sends a plain-text file as a text document', () => {
    const data = Buffer.from('Hello, file.').toString('base64');
    const request: ChatRequest = { model, messages: [{ role: 'user', content: [{ type: 'file', file: { file_data: `data:text/plain;base64,${data}` } }] }] };
    expect(build(request).messages[0].content).toEqual([{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'Hello, file.' } }]);
  });

  it('maps each tool_choice, and parallel_tool_calls: false without a tool_choice', () => {
    const tools: ChatRequest['tools'] = [{ type: 'function', function: { name: 'f' } }];
    const choice = (tool_choice: ChatRequest['tool_choice'], parallel_tool_calls?: boolean) => build({ model, messages: [user('hi')], tools, tool_choice, parallel_tool_calls }).tool_choice;
    expect(choice('auto')).toEqual({ type: 'auto' });
    expect(choice('none')).toEqual({ type: 'none' });
    expect(choice('required')).toEqual({ type: 'any' });
    expect(choice({ type: 'function', function: { name: 'f' } })).toEqual({ type: 'tool', name: 'f' });
    expect(choice(undefined, false)).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(choice('required', false)).toEqual({ type: 'any', disable_parallel_tool_use: true });
    expect(choice(undefined)).toBeUndefined();
  });

  it('reserves the name of the JSON tool', () => {
    const request: ChatRequest = { model, messages: [user('hi')], tools: [{ type: 'function', function: { name: 'emit_json_response' } }] };
    expect(() => build(request)).toThrow(expect.objectContaining({ code: 'invalid_request', param: 'tools[0].function.name' }));
  });

  it('serves json_object with tools of the caller through tool_choice any, keeping their tools', () => {
    const tools: ChatRequest['tools'] = [{ type: 'function', function: { name: 'f' } }];
    const body = build({ model, messages: [user('hi')], tools, response_format: { type: 'json_object' } });
    expect(body.tools?.map((tool) => tool.name)).toEqual(['f', 'emit_json_response']);
    expect(body.tool_choice).toEqual({ type: 'any' });
    const none = build({ model, messages: [user('hi')], tools, tool_choice: 'none', response_format: { type: 'json_object' } });
    expect(none.tools?.map((tool) => tool.name)).toEqual(['emit_json_response']);
    expect(none.tool_choice).toEqual({ type: 'tool', name: 'emit_json_response' });
  });

  it('refuses json_object with thinking, which cannot force a tool', () => {
    const request: ChatRequest = { model, messages: [user('hi')], reasoning_effort: 'low', response_format: { type: 'json_object' } };
    expect(() => build(request)).toThrow(expect.objectContaining({ code: 'invalid_request', param: 'response_format' }));
  });

  it('refuses an unknown response_format and keeps a json_schema next to a caller output_config', () => {
    expect(() => build({ model, messages: [user('hi')], response_format: { type: 'xml' } as never })).toThrow(expect.objectContaining({ param: 'response_format' }));
    const body = build({ model, messages: [user('hi')], output_config: { effort: 'low' }, response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } } });
    expect(body.output_config).toEqual({ effort: 'low', format: { type: 'json_schema', schema: { type: 'object' } } });
  });

  it('fits the thinking budget into an explicit max_tokens, with a warning', () => {
    const warnings: string[] = [];
    const body = build({ model, messages: [user('hi')], reasoning_effort: 'high', max_tokens: 6000 }, warnings);
    expect(body).toMatchObject({ max_tokens: 6000, thinking: { type: 'enabled', budget_tokens: 3000 } });
    expect(warnings).toEqual(['reasoning_effort high was sent to anthropic as a thinking budget of 3000 tokens, to fit max tokens 6000']);
  });

  it('leaves thinking off when max_tokens cannot hold the minimum budget, and for effort none', () => {
    const warnings: string[] = [];
    expect(build({ model, messages: [user('hi')], reasoning_effort: 'low', max_tokens: 1000 }, warnings).thinking).toBeUndefined();
    expect(warnings).toEqual(["reasoning_effort was dropped: max tokens 1000 leave no room for anthropic's minimum thinking budget of 1024"]);
    expect(build({ model, messages: [user('hi')], reasoning_effort: 'none' })).toEqual({ model, messages: [{ role: 'user', content: 'hi' }], max_tokens: 4096 });
  });

  it("sends the caller's own thinking object over reasoning_effort", () => {
    const warnings: string[] = [];
    const body = build({ model, messages: [user('hi')], thinking: { type: 'adaptive' }, reasoning_effort: 'high' }, warnings);
    expect(body).toMatchObject({ thinking: { type: 'adaptive' }, max_tokens: 4096 });
    expect(warnings).toEqual(['reasoning_effort was dropped: the request\'s own thinking setting is sent to anthropic instead']);
    expect(build({ model, messages: [user('hi')], thinking: { type: 'enabled', budget_tokens: 2000 } }).max_tokens).toBe(6096);
  });

  it('drops an unknown reasoning_effort with a warning', () => {
    const warnings: string[] = [];
    expect(build({ model, messages: [user('hi')], reasoning_effort: 'extreme' }, warnings).thinking).toBeUndefined();
    expect(warnings).toEqual(['reasoning_effort "extreme" is not supported by anthropic and was dropped']);
  });

  it('names the configured provider in warnings, and skips null fields', () => {
    const warnings: string[] = [];
    const body = toAnthropicRequest({ model, messages: [user('hi')], seed: 1, temperature: null, stop: null, n: 1 }, false, 'claude-eu', warnings);
    expect(body).toEqual({ model, messages: [{ role: 'user', content: 'hi' }], max_tokens: 4096 });
    expect(warnings).toEqual(['seed is not supported by claude-eu and was dropped']);
  });

  it('omits an assistant turn with no content at all', () => {
    const body = build({ model, messages: [user('a'), { role: 'assistant', content: '' }, user('b')] });
    expect(body.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] }]);
  });
});
