import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../api/index.js';
import { toBedrockConverseRequest } from './request.js';

const fixtures = new URL('./fixtures/', import.meta.url);
const readJson = (name: string): unknown => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8'));
const cases = readdirSync(fixtures)
  .filter((name) => name.endsWith('.input.json'))
  .map((name) => name.slice(0, -'.input.json'.length));

const convert = (request: ChatRequest, warnings: string[] = []) => toBedrockConverseRequest(request, request.model, 'bedrock', warnings);
const base: ChatRequest = { model: 'anthropic.claude-3-5-sonnet-20240620-v1:0', messages: [{ role: 'user', content: 'Hi' }] };
const weather = { type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };

describe('toBedrockConverseRequest (Bedrock fixtures)', () => {
  it('has an input fixture for every wire case', () => {
    expect(cases).toEqual(
      expect.arrayContaining([
        'plain-chat', 'plain-chat-stream', 'system-multi-turn', 'tools-named-choice', 'parallel-tool-calls-stream', 'tool-result-round-trip',
        'vision', 'json-schema', 'json-object-stream', 'reasoning', 'reasoning-stream', 'cached-usage', 'unsupported-params',
      ]),
    );
  });

  it.each(cases)('sends %s.upstream-request.json for %s.input.json', (name) => {
    const request = readJson(`${name}.input.json`) as ChatRequest;
    const before = structuredClone(request);
    const warnings: string[] = [];
    const { body } = convert(request, warnings);
    expect(JSON.parse(JSON.stringify(body))).toEqual(readJson(`${name}.upstream-request.json`));
    const expectedWarnings = existsSync(new URL(`${name}.warnings.json`, fixtures)) ? readJson(`${name}.warnings.json`) : [];
    expect(warnings).toEqual(expectedWarnings);
    expect(request).toEqual(before);
  });
});

describe('toBedrockConverseRequest', () => {
  it('marks a JSON answer only when response_format asks for one', () => {
    expect(convert(base).jsonResponse).toBe(false);
    expect(convert({ ...base, response_format: { type: 'json_object' } }).jsonResponse).toBe(true);
    expect(convert({ ...base, response_format: { type: 'text' } }).jsonResponse).toBe(false);
  });

  it('leaves the tools out for tool_choice none, with a warning', () => {
    const warnings: string[] = [];
    expect(convert({ ...base, tools: [weather], tool_choice: 'none' }, warnings).body.toolConfig).toBeUndefined();
    expect(warnings).toEqual(["tool_choice 'none' is not supported by bedrock; the tools were not sent"]);
  });

  it('keeps the tools for tool_choice none when the conversation has tool calls, which Converse needs them for', () => {
    const warnings: string[] = [];
    const messages: ChatRequest['messages'] = [
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'cold' },
    ];
    const { body } = convert({ ...base, messages, tools: [weather], tool_choice: 'none' }, warnings);
    expect(body.toolConfig).toEqual({ tools: [{ toolSpec: { name: 'get_weather', inputSchema: { json: weather.function.parameters } } }] });
    expect(warnings[0]).toContain('the tools were sent');
  });

  it('replaces tool_choice when response_format forces the JSON tool, with a warning', () => {
    const warnings: string[] = [];
    const { body } = convert({ ...base, tools: [weather], tool_choice: 'required', response_format: { type: 'json_object' } }, warnings);
    expect(body.toolConfig?.tools.map((tool) => tool.toolSpec.name)).toEqual(['get_weather', 'json_response']);
    expect(body.toolConfig?.toolChoice).toEqual({ tool: { name: 'json_response' } });
    expect(warnings).toEqual(["tool_choice was replaced: bedrock is made to answer in JSON through the 'json_response' tool"]);
  });

  it('refuses a JSON schema that is not an object, and a tool that takes the JSON tool name', () => {
    expect(() => convert({ ...base, response_format: { type: 'json_schema', json_schema: { name: 'list', schema: { type: 'array' } } } })).toThrow(
      expect.objectContaining({ code: 'invalid_request', param: 'response_format' }),
    );
    const clash = { type: 'function' as const, function: { name: 'json_response' } };
    expect(() => convert({ ...base, tools: [clash], response_format: { type: 'json_object' } })).toThrow(expect.objectContaining({ param: 'response_format' }));
  });

  it('refuses an image URL it would have to fetch, naming the part', () => {
    const messages: ChatRequest['messages'] = [{ role: 'user', content: [{ type: 'text', text: 'What?' }, { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }] }];
    expect(() => convert({ ...base, messages })).toThrow(expect.objectContaining({ code: 'invalid_request', status: 400, param: 'messages[0].content[1].image_url.url' }));
  });

  it('sends an s3:// image as an S3 location', () => {
    const messages: ChatRequest['messages'] = [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 's3://bucket/cats/tabby.JPG' } }] }];
    expect(convert({ ...base, messages }).body.messages[0].content).toEqual([{ image: { format: 'jpeg', source: { s3Location: { uri: 's3://bucket/cats/tabby.JPG' } } } }]);
  });

  it('refuses images of other formats and content parts it cannot send', () => {
    const svg: ChatRequest['messages'] = [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/svg+xml;base64,PHN2Zz4=' } }] }];
    expect(() => convert({ ...base, messages: svg })).toThrow(expect.objectContaining({ code: 'invalid_request' }));
    const audio: ChatRequest['messages'] = [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }] }];
    expect(() => convert({ ...base, messages: audio })).toThrow(expect.objectContaining({ param: 'messages[0].content[0].type' }));
  });

  it('refuses tool-call arguments that are not JSON', () => {
    const messages: ChatRequest['messages'] = [{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{oops' } }] }];
    expect(() => convert({ ...base, messages })).toThrow(expect.objectContaining({ param: 'messages[0].tool_calls[0].function.arguments' }));
  });

  it('drops sampling changes that Anthropic thinking refuses, with warnings', () => {
    const warnings: string[] = [];
    const { body } = convert({ ...base, reasoning_effort: 'high', temperature: 0.2, top_p: 0.5 }, warnings);
    expect(body.inferenceConfig).toEqual({ maxTokens: 4096 + 16384 });
    expect(warnings).toEqual(['temperature was dropped: Anthropic thinking on bedrock takes only the default', 'top_p was dropped: Anthropic thinking on bedrock takes only the default']);
  });

  it('drops reasoning when a tool is forced, which Anthropic thinking refuses', () => {
    const warnings: string[] = [];
    const { body } = convert({ ...base, reasoning_effort: 'low', tools: [weather], tool_choice: 'required' }, warnings);
    expect(body.additionalModelRequestFields).toBeUndefined();
    expect(warnings[0]).toMatch(/^reasoning_effort was dropped/);
  });

  it('maps reasoning for Nova 2 and drops it, with a warning, for models without a control', () => {
    expect(convert({ ...base, model: 'us.amazon.nova-2-lite-v1:0', reasoning_effort: 'minimal' }).body.additionalModelRequestFields).toEqual({
      reasoningConfig: { type: 'enabled', maxReasoningEffort: 'low' },
    });
    const warnings: string[] = [];
    expect(convert({ ...base, model: 'meta.llama3-70b-instruct-v1:0', reasoning_effort: 'high' }, warnings).body.additionalModelRequestFields).toBeUndefined();
    expect(warnings).toEqual(['reasoning_effort is not supported by bedrock for this model and was dropped']);
    expect(convert({ ...base, reasoning_effort: 'none' }).body.additionalModelRequestFields).toBeUndefined();
  });

  it('names the configured provider in warnings', () => {
    const warnings: string[] = [];
    toBedrockConverseRequest({ ...base, seed: 1 }, base.model, 'bedrock-eu', warnings);
    expect(warnings).toEqual(['seed is not supported by bedrock-eu and was dropped']);
  });
});
