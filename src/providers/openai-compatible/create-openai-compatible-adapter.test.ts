import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChatRequest, CompletionRequest, ResponsesRequest, StreamChunk } from '../../api/index.js';
import type { UpstreamClient, UpstreamRequest, UpstreamResponse } from '../../http/upstream-client.js';
import type { AdapterCall, ProviderKey, ProviderSettings } from '../contract.js';
import { azureAdapter } from '../azure/adapter.js';
import { mistralAdapter } from '../mistral/adapter.js';
import { openAICompatibleFamily } from '../openai-compatible-family.js';
import { ollamaAdapter } from '../ollama/adapter.js';
import { openaiAdapter } from '../openai/adapter.js';
import { openaiProfile } from '../openai/profile.js';
import { createOpenAICompatibleAdapter } from './create-openai-compatible-adapter.js';

const fixtures = new URL('../openai/fixtures/', import.meta.url);
const readText = (name: string): string => readFileSync(new URL(name, fixtures), 'utf8');

interface FakeAnswer {
  status?: number;
  headers?: Record<string, string>;
  body: string;
}

/** An `UpstreamClient` stand-in: records each request and answers from the script (`{}` when it runs out). */
function fakeHttp(answers: FakeAnswer[] = []): { http: UpstreamClient; sent: UpstreamRequest[] } {
  const sent: UpstreamRequest[] = [];
  const send = (request: UpstreamRequest): Promise<UpstreamResponse> => {
    sent.push(request);
    const answer = answers.shift() ?? { body: '{}' };
    const bytes = new TextEncoder().encode(answer.body);
    const body = {
      text: () => Promise.resolve(answer.body),
      async *[Symbol.asyncIterator]() {
        for (let at = 0; at < bytes.length; at += 13) yield bytes.subarray(at, at + 13);
      },
    };
    return Promise.resolve({ status: answer.status ?? 200, headers: answer.headers ?? { 'content-type': 'application/json' }, body: body as unknown as UpstreamResponse['body'] });
  };
  return { http: { send } as unknown as UpstreamClient, sent };
}

function callOf<Request>(request: Request, http: UpstreamClient, key: Partial<ProviderKey> = {}, settings: Partial<ProviderSettings> = {}): AdapterCall<Request> {
  return {
    request,
    key: { name: 'k1', value: 'sk-test', models: [], weight: 1, ...key },
    settings: { provider: 'test', baseUrl: 'https://api.example.com', customBaseUrl: false, extraHeaders: { 'x-team': 'a' }, timeoutMs: 5000, ...settings },
    http,
    signal: undefined,
    warnings: [],
  };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const chat: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };
const chatAnswer = JSON.stringify({ id: 'c1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }] });
const sse = { 'content-type': 'text/event-stream' };

describe('the OpenAI-compatible adapter', () => {
  it("calls the profile's paths under the base URL, with the cached headers of the key", async () => {
    const { http, sent } = fakeHttp([{ body: chatAnswer }, { body: chatAnswer }]);
    const settings: ProviderSettings = { provider: 'openai', baseUrl: 'https://api.example.com', customBaseUrl: true, extraHeaders: { 'x-team': 'a' }, timeoutMs: 5000 };
    const key: ProviderKey = { name: 'k1', value: 'sk-test', models: [], weight: 1 };
    await openaiAdapter.chat!({ ...callOf(chat, http), key, settings });
    await openaiAdapter.chat!({ ...callOf(chat, http), key, settings });
    expect(sent.map((request) => request.url)).toEqual(['https://api.example.com/v1/chat/completions', 'https://api.example.com/v1/chat/completions']);
    expect(sent[0].headers).toEqual({ 'x-team': 'a', 'content-type': 'application/json', authorization: 'Bearer sk-test' });
    expect(sent[1].headers).toBe(sent[0].headers);
  });

  it('offers completions and the Responses API where the profile has their paths', () => {
    expect(openaiAdapter.completions).toBeTypeOf('function');
    expect(openaiAdapter.responsesStream).toBeTypeOf('function');
    expect(openaiAdapter.capabilities).toMatchObject({ completions: true, responses: true });
    expect(mistralAdapter.completions).toBeUndefined();
    expect(mistralAdapter.responses).toBeUndefined();
  });

  it('sends a legacy completion to /v1/completions and reads the answer', async () => {
    const { http, sent } = fakeHttp([{ body: readText('completions-plain.upstream-response.json') }]);
    const request: CompletionRequest = { model: 'gpt-3.5-turbo-instruct', prompt: 'Say this is a test', stream: false };
    const answer = await openaiAdapter.completions!(callOf(request, http));
    expect(sent[0].url).toBe('https://api.example.com/v1/completions');
    expect(JSON.parse(String(sent[0].body))).toEqual({ model: 'gpt-3.5-turbo-instruct', prompt: 'Say this is a test' });
    expect(answer.choices[0].text).toBe('\n\nThis is indeed a test');
  });

  it('streams a legacy completion as normalized chunks', async () => {
    const { http, sent } = fakeHttp([{ headers: sse, body: readText('completions-stream.upstream-stream.txt') }]);
    const chunks = await collect(await openaiAdapter.completionsStream!(callOf<CompletionRequest>({ model: 'i', prompt: 'Count', stream: true }, http)));
    expect(JSON.parse(String(sent[0].body))).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(chunks.map((chunk) => chunk.type)).toEqual(['start', 'text-delta', 'text-delta', 'text-delta', 'text-delta', 'text-delta', 'finish', 'usage']);
  });

  it('replays a completion answered as one JSON body although a stream was asked', async () => {
    const { http } = fakeHttp([{ body: readText('completions-plain.upstream-response.json') }]);
    const chunks = await collect(await openaiAdapter.completionsStream!(callOf<CompletionRequest>({ model: 'i', prompt: 'p' }, http)));
    expect(chunks).toEqual<StreamChunk[]>([
      { type: 'start', id: 'cmpl-AbC123xyzLegacy0001', model: 'gpt-3.5-turbo-instruct:20230824-v2', created: 1735689600, systemFingerprint: undefined },
      { type: 'text-delta', choice: 0, text: '\n\nThis is indeed a test' },
      { type: 'finish', choice: 0, reason: 'length', rawReason: 'length' },
      { type: 'usage', usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 } },
    ]);
  });

  it('passes the Responses API through, answers and streamed events', async () => {
    const { http, sent } = fakeHttp([
      { body: readText('responses-plain.upstream-response.json') },
      { headers: sse, body: readText('responses-stream.upstream-stream.txt') },
    ]);
    const request: ResponsesRequest = { model: 'gpt-4.1', input: 'Say hello.' };
    const answer = await openaiAdapter.responses!(callOf(request, http));
    const events = await collect(await openaiAdapter.responsesStream!(callOf(request, http)));
    expect(sent.map((sentRequest) => sentRequest.url)).toEqual(['https://api.example.com/v1/responses', 'https://api.example.com/v1/responses']);
    expect(JSON.parse(String(sent[1].body))).toEqual({ ...request, stream: true });
    expect(answer).toEqual(JSON.parse(readText('responses-plain.expected.json')));
    expect(events).toEqual(JSON.parse(readText('responses-stream.expected.json')));
  });

  it('replays a Responses answer sent as one JSON body as its completed event', async () => {
    const { http } = fakeHttp([{ body: readText('responses-plain.upstream-response.json') }]);
    const events = await collect(await openaiAdapter.responsesStream!(callOf<ResponsesRequest>({ model: 'gpt-4.1', input: 'x' }, http)));
    expect(events).toEqual([{ type: 'response.completed', response: JSON.parse(readText('responses-plain.upstream-response.json')) }]);
  });

  it("maps a provider's error status on the passthrough operations too", async () => {
    const error = { status: 429, headers: { 'content-type': 'application/json', 'retry-after': '2' }, body: '{"error":{"message":"slow down","type":"requests","code":"rate_limit_exceeded"}}' };
    const { http } = fakeHttp([error, { ...error }]);
    await expect(openaiAdapter.responses!(callOf<ResponsesRequest>({ model: 'm', input: 'x' }, http))).rejects.toMatchObject({ code: 'rate_limited', retryAfter: 2 });
    await expect(openaiAdapter.completionsStream!(callOf<CompletionRequest>({ model: 'm', prompt: 'x' }, http))).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('names the configured provider in the warnings of dropped fields', async () => {
    const { http, sent } = fakeHttp([{ body: chatAnswer }]);
    const call = callOf<ChatRequest>({ ...chat, seed: 1, logit_bias: { '50256': -100 } }, http, {}, { provider: 'my-mistral' });
    await mistralAdapter.chat!(call);
    expect(JSON.parse(String(sent[0].body))).toEqual({ model: 'm', messages: [{ role: 'user', content: 'hi' }], random_seed: 1 });
    expect(call.warnings).toEqual(['logit_bias is not supported by my-mistral and was dropped']);
  });

  it('refuses, before calling, a response_format kind a profile rejects', () => {
    const { http, sent } = fakeHttp();
    const adapter = createOpenAICompatibleAdapter({ ...openaiProfile, id: 'strict', responseFormat: { jsonObject: 'reject' } });
    const request: ChatRequest = { ...chat, response_format: { type: 'json_object' } };
    expect(() => adapter.chat!(callOf(request, http, {}, { provider: 'strict' }))).toThrow(
      expect.objectContaining({ code: 'invalid_request', param: 'response_format', message: expect.stringContaining('not supported by strict') }),
    );
    expect(sent).toEqual([]);
  });
});

describe('a profile with a server per key (ollama)', () => {
  it('calls the URL of the key, the default without one, and network_config.base_url over both', async () => {
    const { http, sent } = fakeHttp([{ body: chatAnswer }, { body: chatAnswer }, { body: chatAnswer }]);
    const defaults = { baseUrl: 'http://localhost:11434' };
    await ollamaAdapter.chat!(callOf(chat, http, { value: '', ollama_key_config: { url: 'http://gpu-1:11434/' } }, defaults));
    await ollamaAdapter.chat!(callOf(chat, http, { value: '' }, defaults));
    await ollamaAdapter.chat!(callOf(chat, http, { value: '', ollama_key_config: { url: 'http://gpu-1:11434' } }, { baseUrl: 'http://proxy:9000', customBaseUrl: true }));
    expect(sent.map((request) => request.url)).toEqual([
      'http://gpu-1:11434/v1/chat/completions',
      'http://localhost:11434/v1/chat/completions',
      'http://proxy:9000/v1/chat/completions',
    ]);
    expect(sent[1].headers.authorization).toBeUndefined();
  });

  it('checks the key URL at start', () => {
    const key = (config: unknown): ProviderKey => ({ value: '', models: [], weight: 1, ollama_key_config: config });
    expect(ollamaAdapter.checkKey!(key({ url: 'http://gpu-1:11434' }), { customBaseUrl: false })).toEqual([]);
    expect(ollamaAdapter.checkKey!({ value: '', models: [], weight: 1 }, { customBaseUrl: false })).toEqual([]);
    expect(ollamaAdapter.checkKey!(key({ url: 'gpu-1:11434' }), { customBaseUrl: false })[0]).toMatch(/^ollama_key_config\.url: expected an http\(s\) URL/);
    expect(ollamaAdapter.checkKey!(key({ url: 'http://gpu-1:11434/v1' }), { customBaseUrl: false })[0]).toMatch(/^ollama_key_config\.url: give the server's origin without \/v1/);
    expect(ollamaAdapter.checkKey!(key('http://x'), { customBaseUrl: false })).toEqual(['ollama_key_config: expected an object with a url']);
  });
});

describe('the OpenAI-compatible family', () => {
  const family = [openaiAdapter, azureAdapter, ...openAICompatibleFamily];

  it.each(family.map((adapter) => [adapter.id, adapter] as const))('%s declares exactly the operations it offers', (_id, adapter) => {
    expect(adapter.capabilities.completions).toBe(adapter.completions !== undefined && adapter.completionsStream !== undefined);
    expect(adapter.capabilities.responses).toBe(adapter.responses !== undefined && adapter.responsesStream !== undefined);
    expect(adapter.capabilities.embeddings).toBe(adapter.embed !== undefined);
    expect(adapter.framing).toBe('sse');
  });

  it('enables the hosted providers from their usual key variables, and the self-hosted ones without a key', () => {
    const byId = new Map(family.map((adapter) => [adapter.id, adapter]));
    expect(Object.fromEntries([...byId].filter(([, adapter]) => adapter.envKey).map(([id, adapter]) => [id, adapter.envKey]))).toEqual({
      openai: 'OPENAI_API_KEY',
      mistral: 'MISTRAL_API_KEY',
      groq: 'GROQ_API_KEY',
      deepseek: 'DEEPSEEK_API_KEY',
      xai: 'XAI_API_KEY',
      openrouter: 'OPENROUTER_API_KEY',
      together: 'TOGETHER_API_KEY',
      fireworks: 'FIREWORKS_API_KEY',
      cerebras: 'CEREBRAS_API_KEY',
      perplexity: 'PERPLEXITY_API_KEY',
    });
    for (const id of ['ollama', 'vllm', 'sgl']) {
      expect(byId.get(id)).toMatchObject({ requiresKey: false });
      expect(byId.get(id)!.checkKey).toBeTypeOf('function');
    }
  });
});
