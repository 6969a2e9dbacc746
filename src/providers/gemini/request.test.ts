import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { geminiRequestSchema } from '../../../test/fake-upstreams/gemini-wire-schema.js';
import type { ChatRequest } from '../../api/index.js';
import { thinkingBudgets, toGeminiRequest } from './request.js';

const fixtures = new URL('./fixtures/', import.meta.url);
const readJson = (name: string): unknown => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8'));
const cases = readdirSync(fixtures)
  .filter((name) => name.endsWith('.input.json'))
  .map((name) => name.slice(0, -'.input.json'.length));

const hi: ChatRequest['messages'] = [{ role: 'user', content: 'hi' }];
const translate = (request: Omit<ChatRequest, 'model'>, warnings: string[] = []) => toGeminiRequest({ model: 'gemini-2.5-flash', ...request } as ChatRequest, 'gemini', warnings);

describe('toGeminiRequest (Gemini fixtures)', () => {
  it('has an input fixture for every recorded wire case', () => {
    expect(cases).toEqual(
      expect.arrayContaining(['plain-chat', 'system-multi-turn', 'tools-named-choice', 'tools-required', 'tool-result-round-trip', 'vision', 'json-schema', 'json-object', 'reasoning-cached-usage', 'parallel-tool-calls-stream', 'reasoning-stream']),
    );
  });

  it.each(cases)('sends %s.upstream-request.json for %s.input.json, in Gemini wire format', (name) => {
    const request = readJson(`${name}.input.json`) as ChatRequest;
    const before = structuredClone(request);
    const warnings: string[] = [];
    const body = toGeminiRequest(request, 'gemini', warnings);
    expect(JSON.parse(JSON.stringify(body))).toEqual(readJson(`${name}.upstream-request.json`));
    expect(geminiRequestSchema.safeParse(body).error?.issues ?? []).toEqual([]);
    expect(warnings).toEqual([]);
    expect(request).toEqual(before);
  });
});

describe('toGeminiRequest', () => {
  it('maps each tool_choice to a function calling mode', () => {
    const tools: ChatRequest['tools'] = [{ type: 'function', function: { name: 'f' } }];
    expect(translate({ messages: hi, tools, tool_choice: 'none' }).toolConfig).toEqual({ functionCallingConfig: { mode: 'NONE' } });
    expect(translate({ messages: hi, tools, tool_choice: 'auto' }).toolConfig).toEqual({ functionCallingConfig: { mode: 'AUTO' } });
    expect(translate({ messages: hi, tools, tool_choice: 'required' }).toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY' } });
  });

  it('maps every documented reasoning_effort to a thinking budget, and none to no thinking', () => {
    expect(thinkingBudgets).toEqual({ none: 0, minimal: 1024, low: 1024, medium: 8192, high: 24576 });
    expect(translate({ messages: hi, reasoning_effort: 'low' }).generationConfig).toEqual({ thinkingConfig: { thinkingBudget: 1024, includeThoughts: true } });
    expect(translate({ messages: hi, reasoning_effort: 'none' }).generationConfig).toEqual({ thinkingConfig: { thinkingBudget: 0 } });
  });

  it('drops a reasoning_effort it has no budget for, with a warning', () => {
    const warnings: string[] = [];
    expect(translate({ messages: hi, reasoning_effort: 'ultra' }, warnings).generationConfig).toBeUndefined();
    expect(warnings).toEqual(["reasoning_effort 'ultra' is not supported by gemini and was dropped"]);
  });

  it('drops the parameters Gemini cannot take, each with a warning naming the configured provider', () => {
    const warnings: string[] = [];
    const body = toGeminiRequest(
      { model: 'm', messages: hi, logit_bias: { '50256': -100 }, logprobs: true, user: 'u-1', parallel_tool_calls: false, metadata: null } as ChatRequest,
      'my-gemini',
      warnings,
    );
    expect(body).toEqual({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] });
    expect(warnings).toEqual([
      'parallel_tool_calls is not supported by my-gemini and was dropped',
      'logit_bias is not supported by my-gemini and was dropped',
      'logprobs is not supported by my-gemini and was dropped',
      'user is not supported by my-gemini and was dropped',
    ]);
  });

  it('sends presence and frequency penalties, and n as candidateCount', () => {
    expect(translate({ messages: hi, presence_penalty: 0.5, frequency_penalty: -0.5, n: 2 }).generationConfig).toEqual({ presencePenalty: 0.5, frequencyPenalty: -0.5, candidateCount: 2 });
  });

  it('sends no generationConfig for response_format text', () => {
    expect(translate({ messages: hi, response_format: { type: 'text' } }).generationConfig).toBeUndefined();
  });

  it('rejects an unknown response_format type naming response_format', () => {
    expect(() => translate({ messages: hi, response_format: { type: 'xml' } as never })).toThrow(expect.objectContaining({ code: 'invalid_request', param: 'response_format' }));
  });

  it('keeps a thought signature the caller sent back on a tool call', () => {
    const messages = [
      ...hi,
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_0', type: 'function', function: { name: 'f', arguments: '{}' }, extra_content: { google: { thought_signature: 'c2ln' } } }] },
      { role: 'tool', tool_call_id: 'call_0', content: 'ok' },
    ] as ChatRequest['messages'];
    expect(translate({ messages }).contents[1]).toEqual({ role: 'model', parts: [{ functionCall: { id: 'call_0', name: 'f', args: {} }, thoughtSignature: 'c2ln' }] });
  });

  it('sends an assistant turn with text and tool calls as one model turn, empty arguments as {}', () => {
    const messages = [
      ...hi,
      { role: 'assistant', content: 'Checking.', tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '' } }] },
      { role: 'tool', tool_call_id: 'a', content: 'done' },
    ] as ChatRequest['messages'];
    expect(translate({ messages }).contents.slice(1)).toEqual([
      { role: 'model', parts: [{ text: 'Checking.' }, { functionCall: { id: 'a', name: 'f', args: {} }, thoughtSignature: 'skip_thought_signature_validator' }] },
      { role: 'user', parts: [{ functionResponse: { id: 'a', name: 'f', response: { output: 'done' } } }] },
    ]);
  });

  it('rejects tool call arguments that are not a JSON object, naming where', () => {
    const messages = [...hi, { role: 'assistant', content: null, tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '[1]' } }] }] as ChatRequest['messages'];
    expect(() => translate({ messages })).toThrow(expect.objectContaining({ code: 'invalid_request', param: 'messages[1].tool_calls[0].function.arguments' }));
  });

  it('rejects a tool result that answers no earlier tool call', () => {
    const messages = [...hi, { role: 'tool', tool_call_id: 'nope', content: 'x' }] as ChatRequest['messages'];
    expect(() => translate({ messages })).toThrow(expect.objectContaining({ code: 'invalid_request', param: 'messages[1].tool_call_id' }));
  });

  it('sends audio and file data as inline data, and rejects parts it cannot send', () => {
    const content = [
      { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
      { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' } },
    ];
    expect(translate({ messages: [{ role: 'user', content } as ChatRequest['messages'][number]] }).contents[0].parts).toEqual([
      { inlineData: { mimeType: 'audio/wav', data: 'UklGRg==' } },
      { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0=' } },
    ]);
    expect(() => translate({ messages: [{ role: 'user', content: [{ type: 'refusal', refusal: 'x' }] }] })).toThrow(expect.objectContaining({ param: 'messages[0].content[0]' }));
    expect(() => translate({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://x/y.png' } }] }] })).toThrow(
      expect.objectContaining({ param: 'messages[0].content[0].image_url.url' }),
    );
  });

  it('guesses the MIME type of an image URL from its extension', () => {
    const parts = (url: string) => translate({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url } }] }] }).contents[0].parts;
    expect(parts('https://x.test/a.PNG?size=2')).toEqual([{ fileData: { mimeType: 'image/png', fileUri: 'https://x.test/a.PNG?size=2' } }]);
    expect(parts('https://x.test/a.webp#frag')[0].fileData?.mimeType).toBe('image/webp');
    expect(parts('gs://bucket/scan.pdf')[0].fileData?.mimeType).toBe('application/pdf');
    expect(parts('https://x.test/v1.2/photo')[0].fileData?.mimeType).toBe('image/jpeg');
  });
});
