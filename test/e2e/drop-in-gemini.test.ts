import { imageTokenEstimate } from '../../src/surfaces/estimate-chat-tokens.js';
import { ApiError, type Content, type GenerateContentResponse, GoogleGenAI, Type } from '@google/genai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Plugin } from '../../src/index.js';
import { type AnthropicUpstream, startAnthropicUpstream } from '../fake-upstreams/anthropic-upstream.js';
import { type GeminiUpstream, startGeminiUpstream } from '../fake-upstreams/gemini-upstream.js';
import { fakeEmbedding, type OpenAIUpstream, startOpenAIUpstream } from '../fake-upstreams/openai-upstream.js';
import { type StartedGateway, startGateway } from '../support/start-gateway.js';

const weatherDeclaration = {
  name: 'get_weather',
  description: 'Current weather of a city',
  parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING, description: 'The city' } }, required: ['city'] },
};

async function collect(stream: AsyncIterable<GenerateContentResponse>): Promise<GenerateContentResponse[]> {
  const chunks: GenerateContentResponse[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

/** The SDK's error for a call expected to fail. */
async function apiError(call: Promise<unknown>): Promise<ApiError & { body: { error: { code: number; status: string; message: string } } }> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ApiError);
  const body = JSON.parse((error as ApiError).message.replace(/^got status: \w+\. /, ''));
  return Object.assign(error as ApiError, { body });
}

describe('the Gemini API drop-in routes, with @google/genai as the client', () => {
  let gemini: GeminiUpstream;
  let openai: OpenAIUpstream;
  let anthropic: AnthropicUpstream;
  let served: StartedGateway;
  let ai: GoogleGenAI;
  const directKeys: Array<string | undefined> = [];
  const keyWatcher: Plugin = { name: 'key-watcher', onRequest: ({ context }) => void directKeys.push(context.directKey) };
  let geminiSeen = 0;

  const client = (prefix = '/genai') => new GoogleGenAI({ apiKey: 'unused', httpOptions: { baseUrl: `${served.origin}${prefix}` } });
  const geminiRequests = () => gemini.requests.slice(geminiSeen);

  beforeAll(async () => {
    gemini = await startGeminiUpstream({ apiKey: 'AIza-test-key', models: ['gemini-2.5-flash', 'gemini-embedding-001'] });
    openai = await startOpenAIUpstream({ models: ['gpt-4o', 'text-embedding-3-small'] });
    anthropic = await startAnthropicUpstream({ apiKey: 'sk-ant-test', models: ['claude-sonnet-4-5-20250929'] });
    served = await startGateway({
      plugins: [keyWatcher],
      config: {
        providers: {
          openai: { keys: [{ name: 'k', value: 'sk-test', models: [], weight: 1 }], network_config: { base_url: openai.url, max_retries: 0 } },
          anthropic: { keys: [{ name: 'k', value: 'sk-ant-test', models: [], weight: 1 }], network_config: { base_url: anthropic.url, max_retries: 0 } },
          gemini: { keys: [{ name: 'k', value: 'AIza-test-key', models: [], weight: 1 }], network_config: { base_url: gemini.url, max_retries: 0 } },
        },
      },
    });
    ai = client();
  });
  afterAll(async () => {
    await served?.close();
    await Promise.all([gemini?.close(), openai?.close(), anthropic?.close()]);
  });
  beforeEach(() => {
    geminiSeen = gemini.requests.length;
    openai.reset();
    directKeys.length = 0;
  });

  describe('to a Gemini provider, passed through', () => {
    it('relays generateContent for a bare Gemini model name, with the configured key instead of the caller’s', async () => {
      gemini.enqueue({ kind: 'reply', text: 'Bonjour !', finish: 'stop', usage: { prompt: 12, completion: 4 } });
      const response = await ai.models.generateContent({
        model: 'gemini-2.5-flash',
        contents: 'Hello',
        config: { systemInstruction: 'Answer in French.', maxOutputTokens: 20, topK: 3 },
      });

      expect(response.text).toBe('Bonjour !');
      expect(response.usageMetadata).toMatchObject({ promptTokenCount: 12, candidatesTokenCount: 4, totalTokenCount: 16 });
      const [request] = geminiRequests();
      expect(request.url).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
      expect(request.headers['x-goog-api-key']).toBe('AIza-test-key');
      expect(request.body).toEqual({
        contents: [{ parts: [{ text: 'Hello' }], role: 'user' }],
        systemInstruction: { parts: [{ text: 'Answer in French.' }], role: 'user' },
        generationConfig: { maxOutputTokens: 20, topK: 3 },
      });
    });

    it('relays a stream as server-sent events for provider/model', async () => {
      gemini.enqueue({ kind: 'reply', text: 'One, two, three.', finish: 'stop', usage: { prompt: 5, completion: 6 } });
      const chunks = await collect(await ai.models.generateContentStream({ model: 'gemini/gemini-2.5-flash', contents: 'Count to three.' }));

      expect(chunks.map((chunk) => chunk.text ?? '').join('')).toBe('One, two, three.');
      expect(chunks.at(-1)?.candidates?.[0]?.finishReason).toBe('STOP');
      expect(geminiRequests()[0].url).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    });

    it('relays a streamed function call and its functionResponse round trip', async () => {
      gemini.enqueue({ kind: 'reply', toolCalls: [{ id: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}' }], finish: 'tool_calls', usage: { prompt: 20, completion: 5 } });
      const tools = [{ functionDeclarations: [weatherDeclaration] }];
      const chunks = await collect(await ai.models.generateContentStream({ model: 'gemini/gemini-2.5-flash', contents: 'Weather in Paris?', config: { tools } }));
      const calls = chunks.flatMap((chunk) => chunk.functionCalls ?? []);
      expect(calls).toEqual([{ name: 'get_weather', args: { city: 'Paris' } }]);

      gemini.enqueue({ kind: 'reply', text: 'Sunny, 21°C.', finish: 'stop', usage: { prompt: 30, completion: 5 } });
      const contents: Content[] = [
        { role: 'user', parts: [{ text: 'Weather in Paris?' }] },
        { role: 'model', parts: [{ functionCall: calls[0] }] },
        { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { temperature: 21 } } }] },
      ];
      const answer = await collect(await ai.models.generateContentStream({ model: 'gemini/gemini-2.5-flash', contents, config: { tools } }));
      expect(answer.map((chunk) => chunk.text ?? '').join('')).toBe('Sunny, 21°C.');
      expect(gemini.received().at(-1)?.messages.map((message) => [message.role, message.toolCalls, message.toolResults])).toEqual([
        ['user', [], []],
        ['assistant', [{ id: undefined, name: 'get_weather', arguments: { city: 'Paris' } }], []],
        ['user', [], [{ id: undefined, content: '' }]],
      ]);
    });

    it('embeds one and several contents through batchEmbedContents, the model in the body set to the provider’s', async () => {
      const one = await ai.models.embedContent({ model: 'gemini/gemini-embedding-001', contents: 'Hello', config: { outputDimensionality: 3 } });
      const several = await ai.models.embedContent({ model: 'gemini/gemini-embedding-001', contents: ['a', 'b'] });

      expect(one.embeddings).toEqual([{ values: [-0.375, -0.25, -0.125] }]);
      expect(several.embeddings?.map((embedding) => embedding.values)).toEqual([
        [-0.375, -0.25, -0.125, 0],
        [-0.25, 0, 0.25, 0.5],
      ]);
      const [request] = geminiRequests();
      expect(request.url).toBe('/v1beta/models/gemini-embedding-001:batchEmbedContents');
      expect((request.body as { requests: Array<{ model: string }> }).requests.map((entry) => entry.model)).toEqual(['models/gemini-embedding-001']);
    });

    it('counts tokens with the provider’s own countTokens', async () => {
      const count = await ai.models.countTokens({ model: 'gemini/gemini-2.5-flash', contents: 'How many tokens is this?' });

      expect(count.totalTokens).toBeGreaterThan(0);
      expect(geminiRequests().map((request) => request.url)).toEqual(['/v1beta/models/gemini-2.5-flash:countTokens']);
    });

    it('relays Google’s own error event of a stream that fails after output began, which the SDK throws', async () => {
      gemini.enqueue({ kind: 'stream-failure', textBefore: 'Partial', error: 'server-error' });
      const seen: string[] = [];
      const failure = await (async () => {
        for await (const chunk of await ai.models.generateContentStream({ model: 'gemini/gemini-2.5-flash', contents: 'Hi' })) seen.push(chunk.text ?? '');
      })().then(
        () => undefined,
        (error: unknown) => error,
      );

      expect(seen).toEqual(['Partial']);
      expect(failure).toBeInstanceOf(ApiError);
      expect(failure).toMatchObject({ status: 500 });
    });

    it('closes the upstream stream when the client goes away', async () => {
      gemini.enqueue({ kind: 'stall', textBefore: 'Thinking' });
      const aborted = gemini.nextAbort();
      const controller = new AbortController();
      const stream = await ai.models.generateContentStream({ model: 'gemini/gemini-2.5-flash', contents: 'Hi', config: { abortSignal: controller.signal } });
      const first = await stream.next();
      expect(first.value?.text).toBe('Thinking');
      controller.abort();
      await aborted;
    });

    it('serves the v1beta API version paths as well as the SDK’s default v1', async () => {
      gemini.enqueue({ kind: 'reply', text: 'From v1beta.', finish: 'stop', usage: { prompt: 2, completion: 2 } });
      const beta = new GoogleGenAI({ apiKey: 'unused', apiVersion: 'v1beta', httpOptions: { baseUrl: `${served.origin}/genai` } });
      const response = await beta.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hi' });

      expect(response.text).toBe('From v1beta.');
      expect(geminiRequests()[0].url).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    });

    it('answers an upstream error in Google’s shape with its status', async () => {
      gemini.enqueue({ kind: 'error', error: 'rate-limit' });
      const error = await apiError(ai.models.generateContent({ model: 'gemini/gemini-2.5-flash', contents: 'Hi' }));

      expect(error.status).toBe(429);
      expect(error.body.error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED' });
    });
  });

  describe('to an OpenAI provider, translated', () => {
    it('answers generateContent from a chat completion', async () => {
      const response = await ai.models.generateContent({
        model: 'openai/gpt-4o',
        contents: 'Hello',
        config: { systemInstruction: 'Be brief.', maxOutputTokens: 20, temperature: 0.5, stopSequences: ['END'], topK: 4 },
      });

      expect(response.text).toBe('Hello from the fake upstream.');
      expect(response.candidates?.[0]).toMatchObject({ finishReason: 'STOP', index: 0, content: { role: 'model' } });
      expect(response.usageMetadata).toMatchObject({ promptTokenCount: expect.any(Number), totalTokenCount: expect.any(Number) });
      expect(response.modelVersion).toBeTruthy();
      expect(response.responseId).toMatch(/^chatcmpl-/);
      expect(openai.requests[0].body).toEqual({
        model: 'gpt-4o',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hello' },
        ],
        max_completion_tokens: 20,
        temperature: 0.5,
        stop: ['END'],
      });
      expect(response.sdkHttpResponse?.headers?.['x-switchyard-warnings']).toContain('generationConfig.topK is not supported');
    });

    it('streams text as it comes, the last response carrying the finish reason and usage', async () => {
      openai.script({ deltas: ['One', ', two', ', three.'] });
      const chunks = await collect(await ai.models.generateContentStream({ model: 'openai/gpt-4o', contents: 'Count to three.' }));

      expect(chunks.map((chunk) => chunk.text ?? '').join('')).toBe('One, two, three.');
      expect(chunks.slice(0, -1).every((chunk) => chunk.candidates?.[0]?.finishReason === undefined)).toBe(true);
      expect(chunks.at(-1)?.candidates?.[0]?.finishReason).toBe('STOP');
      expect(chunks.at(-1)?.usageMetadata?.totalTokenCount).toBeGreaterThan(0);
      expect(openai.requests[0].body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    });

    it('streams a function call whole, then takes its functionResponse back as a tool message', async () => {
      openai.script({ toolCalls: [{ id: 'call_7', name: 'get_weather', arguments: '{"city":"Paris"}' }], argumentFragmentLength: 3 });
      const tools = [{ functionDeclarations: [weatherDeclaration] }];
      const chunks = await collect(await ai.models.generateContentStream({ model: 'openai/gpt-4o', contents: 'Weather in Paris?', config: { tools } }));
      const calls = chunks.flatMap((chunk) => chunk.functionCalls ?? []);

      expect(calls).toEqual([{ id: 'call_7', name: 'get_weather', args: { city: 'Paris' } }]);
      expect(openai.requests[0].body.tools).toEqual([
        { type: 'function', function: { name: 'get_weather', description: 'Current weather of a city', parameters: { type: 'object', properties: { city: { type: 'string', description: 'The city' } }, required: ['city'] } } },
      ]);

      openai.script({ deltas: ['Sunny.'] });
      const contents: Content[] = [
        { role: 'user', parts: [{ text: 'Weather in Paris?' }] },
        { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { temperature: 21 } } }] },
      ];
      const answer = await collect(await ai.models.generateContentStream({ model: 'openai/gpt-4o', contents, config: { tools } }));
      expect(answer.map((chunk) => chunk.text ?? '').join('')).toBe('Sunny.');
      expect(openai.requests[1].body.messages).toEqual([
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1_0', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1_0', content: '{"temperature":21}' },
      ]);
    });

    it('answers a non-streamed function call with its arguments parsed, and maps ANY with one name to a named tool choice', async () => {
      openai.script({ toolCalls: [{ id: 'call_9', name: 'get_weather', arguments: '{"city":"Rome"}' }] });
      const response = await ai.models.generateContent({
        model: 'openai/gpt-4o',
        contents: 'Weather in Rome?',
        config: { tools: [{ functionDeclarations: [weatherDeclaration] }], toolConfig: { functionCallingConfig: { mode: 'ANY' as never, allowedFunctionNames: ['get_weather'] } } },
      });

      expect(response.functionCalls).toEqual([{ id: 'call_9', name: 'get_weather', args: { city: 'Rome' } }]);
      expect(response.candidates?.[0]?.finishReason).toBe('STOP');
      expect(openai.requests[0].body.tool_choice).toEqual({ type: 'function', function: { name: 'get_weather' } });
    });

    it('embeds one and several contents through the embeddings API', async () => {
      const one = await ai.models.embedContent({ model: 'openai/text-embedding-3-small', contents: 'Hello', config: { outputDimensionality: 3 } });
      const several = await ai.models.embedContent({ model: 'openai/text-embedding-3-small', contents: ['a', 'b'] });

      expect(one.embeddings).toEqual([{ values: fakeEmbedding(0, 3) }]);
      expect(several.embeddings?.map((embedding) => embedding.values)).toEqual([fakeEmbedding(0), fakeEmbedding(1)]);
      expect(openai.requests.map((request) => request.body)).toEqual([
        { model: 'text-embedding-3-small', input: ['Hello'], dimensions: 3 },
        { model: 'text-embedding-3-small', input: ['a', 'b'] },
      ]);
    });

    it('estimates countTokens with a tokenizer, and says so', async () => {
      const short = await ai.models.countTokens({ model: 'openai/gpt-4o', contents: 'Hello' });
      const long = await ai.models.countTokens({ model: 'openai/gpt-4o', contents: 'Hello there, how are you doing on this fine day?' });

      // One token of text, and the chat format's framing (3 per message, 3 priming the answer).
      expect(short.totalTokens).toBe(1 + 6);
      expect(long.totalTokens).toBeGreaterThan(8);
      expect(short.sdkHttpResponse?.headers?.['x-switchyard-warnings']).toContain('estimate');
      expect(openai.requests).toHaveLength(0);
    });

    it('answers an upstream error in Google’s shape with its status', async () => {
      openai.script({ status: 429, headers: { 'retry-after': '7' } });
      const error = await apiError(ai.models.generateContent({ model: 'openai/gpt-4o', contents: 'Hi' }));

      expect(error.status).toBe(429);
      expect(error.body.error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED' });
      expect(error.body.error).toHaveProperty('details', expect.arrayContaining([{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' }]));
    });

    it('closes the upstream stream when the client goes away', async () => {
      openai.script({ deltas: ['Partial', ' more'], stallAfterEvents: 2 });
      const controller = new AbortController();
      const stream = await ai.models.generateContentStream({ model: 'openai/gpt-4o', contents: 'Hi', config: { abortSignal: controller.signal } });
      expect((await stream.next()).value?.text).toBe('Partial');
      controller.abort();
      await openai.waitForAborts(1, 2000);
    });

    it('ends a stream that fails after output began with Google’s error object, which the SDK throws', async () => {
      openai.script({ deltas: ['Partial', ' answer', ' never', ' finished'], errorEventAfterEvents: 2 });
      const seen: string[] = [];
      const failure = await (async () => {
        for await (const chunk of await ai.models.generateContentStream({ model: 'openai/gpt-4o', contents: 'Hi' })) seen.push(chunk.text ?? '');
      })().then(
        () => undefined,
        (error: unknown) => error,
      );

      expect(seen.join('')).toBe('Partial');
      expect(failure).toBeInstanceOf(ApiError);
      expect((failure as ApiError).status).toBeGreaterThanOrEqual(500);
    });
  });

  describe('to an Anthropic provider, translated', () => {
    const model = 'anthropic/claude-sonnet-4-5-20250929';

    it('answers generateContent and streams text', async () => {
      anthropic.enqueue({ kind: 'reply', text: 'Bonjour !', finish: 'stop', usage: { prompt: 12, completion: 4 } });
      const response = await ai.models.generateContent({ model, contents: 'Hello', config: { systemInstruction: 'Answer in French.', maxOutputTokens: 50 } });
      expect(response.text).toBe('Bonjour !');
      expect(response.usageMetadata).toEqual({ promptTokenCount: 12, candidatesTokenCount: 4, totalTokenCount: 16 });
      expect(anthropic.received().at(-1)).toMatchObject({ system: 'Answer in French.', maxTokens: 50, stream: false });

      anthropic.enqueue({ kind: 'reply', text: 'One, two, three.', reasoning: 'Counting.', finish: 'length', usage: { prompt: 5, completion: 9, reasoning: 3 } });
      const chunks = await collect(await ai.models.generateContentStream({ model, contents: 'Count.', config: { thinkingConfig: { includeThoughts: true, thinkingBudget: 2048 } } }));
      expect(chunks.map((chunk) => chunk.text ?? '').join('')).toBe('One, two, three.');
      const thoughts = chunks.flatMap((chunk) => chunk.candidates?.[0]?.content?.parts ?? []).filter((part) => part.thought);
      expect(thoughts.map((part) => part.text).join('')).toBe('Counting.');
      expect(chunks.at(-1)?.candidates?.[0]?.finishReason).toBe('MAX_TOKENS');
      expect(chunks.at(-1)?.usageMetadata).toEqual({ promptTokenCount: 5, candidatesTokenCount: 6, thoughtsTokenCount: 3, totalTokenCount: 14 });
    });

    it('streams a function call assembled from input_json_delta, and round-trips its functionResponse as a tool_result', async () => {
      anthropic.enqueue({ kind: 'reply', toolCalls: [{ id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' }], finish: 'tool_calls', usage: { prompt: 20, completion: 5 } });
      const tools = [{ functionDeclarations: [weatherDeclaration] }];
      const chunks = await collect(await ai.models.generateContentStream({ model, contents: 'Weather in Paris?', config: { tools } }));
      const calls = chunks.flatMap((chunk) => chunk.functionCalls ?? []);
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({ name: 'get_weather', args: { city: 'Paris' } });

      anthropic.enqueue({ kind: 'reply', text: 'Sunny.', finish: 'stop', usage: { prompt: 30, completion: 2 } });
      const contents: Content[] = [
        { role: 'user', parts: [{ text: 'Weather in Paris?' }] },
        { role: 'model', parts: [{ functionCall: calls[0] }] },
        { role: 'user', parts: [{ functionResponse: { id: calls[0].id, name: 'get_weather', response: { output: '21°C' } } }] },
      ];
      const answer = await collect(await ai.models.generateContentStream({ model, contents, config: { tools } }));
      expect(answer.map((chunk) => chunk.text ?? '').join('')).toBe('Sunny.');
      const received = anthropic.received().at(-1)!;
      expect(received.messages.flatMap((message) => message.toolCalls)).toEqual([{ id: calls[0].id, name: 'get_weather', arguments: { city: 'Paris' } }]);
      expect(received.messages.flatMap((message) => message.toolResults)).toEqual([{ id: calls[0].id, content: '21°C' }]);
    });

    it('estimates countTokens without calling the provider', async () => {
      const before = anthropic.requests.length;
      const count = await ai.models.countTokens({ model, contents: [{ role: 'user', parts: [{ text: 'Hello there' }, { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }] }] });
      expect(count.totalTokens).toBe(imageTokenEstimate + 2 + 6);
      expect(anthropic.requests.length).toBe(before);
    });
  });

  describe('models', () => {
    it('lists every model the gateway serves in Google’s shape, in pages', async () => {
      const names: string[] = [];
      const pager = await ai.models.list({ config: { pageSize: 2 } });
      for await (const model of pager) names.push(model.name!);

      expect(names).toEqual(expect.arrayContaining(['models/openai/gpt-4o', 'models/anthropic/claude-sonnet-4-5-20250929', 'models/gemini/gemini-2.5-flash']));
      expect(names).toHaveLength(5);
    });

    it('gets one model, and answers 404 NOT_FOUND for one not served', async () => {
      const model = await ai.models.get({ model: 'openai/gpt-4o' });
      expect(model).toMatchObject({ name: 'models/openai/gpt-4o', displayName: 'openai/gpt-4o' });
      const bare = await ai.models.get({ model: 'gemini-2.5-flash' });
      expect(bare.name).toBe('models/gemini-2.5-flash');

      const error = await apiError(ai.models.get({ model: 'openai/gpt-9' }));
      expect(error.status).toBe(404);
      expect(error.body.error.status).toBe('NOT_FOUND');
    });
  });

  describe('errors and bad input, in Google’s shape', () => {
    const errorOf = async (response: Response) => ((await response.json()) as { error: Record<string, unknown> }).error;
    const post = (path: string, body: string, prefix = '/genai') =>
      fetch(`${served.origin}${prefix}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

    it('answers an unknown provider with 404 NOT_FOUND', async () => {
      const error = await apiError(ai.models.generateContent({ model: 'nope/some-model', contents: 'Hi' }));
      expect(error.status).toBe(404);
      expect(error.body.error).toMatchObject({ code: 404, status: 'NOT_FOUND' });
      expect(error.body.error.message).toContain("'nope'");
    });

    it('answers invalid JSON, a missing contents array and an unknown method with 400 or 404', async () => {
      const invalid = await post('/v1beta/models/openai/gpt-4o:generateContent', '{"contents": [');
      expect(invalid.status).toBe(400);
      expect(await errorOf(invalid)).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });

      const missing = await post('/v1beta/models/openai/gpt-4o:generateContent', '{}');
      expect(missing.status).toBe(400);
      expect(await errorOf(missing)).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', message: expect.stringContaining('contents') });

      const method = await post('/v1beta/models/openai/gpt-4o:generateAnswer', '{}');
      expect(method.status).toBe(404);
      expect(await errorOf(method)).toMatchObject({ code: 404, status: 'NOT_FOUND' });

      const path = await fetch(`${served.origin}/genai/v1beta/tunedModels`);
      expect(path.status).toBe(404);
      expect(await errorOf(path)).toMatchObject({ code: 404, status: 'NOT_FOUND' });
    });

    it('streams Google’s JSON array without alt=sse, translated and passed through', async () => {
      openai.script({ deltas: ['Hel', 'lo'] });
      const translated = await post('/v1beta/models/openai/gpt-4o:streamGenerateContent', JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] }));
      expect(translated.headers.get('content-type')).toContain('application/json');
      const responses = (await translated.json()) as GenerateContentResponse[];
      expect(responses.map((response) => response.candidates?.[0]?.content?.parts?.[0]?.text).join('')).toBe('Hello');
      expect(responses.at(-1)?.candidates?.[0]?.finishReason).toBe('STOP');

      gemini.enqueue({ kind: 'reply', text: 'Passed through.', finish: 'stop', usage: { prompt: 3, completion: 3 } });
      const passed = await post('/v1beta/models/gemini/gemini-2.5-flash:streamGenerateContent', JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] }));
      const events = (await passed.json()) as GenerateContentResponse[];
      expect(events.map((response) => response.candidates?.[0]?.content?.parts?.[0]?.text ?? '').join('')).toBe('Passed through.');
    });

    it('ends a JSON-array stream that fails after output began with the error object as its last element', async () => {
      openai.script({ deltas: ['Partial', ' answer'], errorEventAfterEvents: 2 });
      const response = await post('/v1beta/models/openai/gpt-4o:streamGenerateContent', JSON.stringify({ contents: [{ parts: [{ text: 'Hi' }] }] }));
      const elements = (await response.json()) as Array<Record<string, any>>;
      expect(elements[0].candidates[0].content.parts[0].text).toBe('Partial');
      expect(elements.at(-1)?.error).toMatchObject({ code: expect.any(Number), status: expect.any(String), message: expect.any(String) });
    });
  });

  describe('other prefixes and direct keys', () => {
    it.each(['/litellm/gemini', '/litellm/genai', '/langchain/genai'])('serves the same routes under %s', async (prefix) => {
      const response = await client(prefix).models.generateContent({ model: 'openai/gpt-4o', contents: 'Hello' });
      expect(response.text).toBe('Hello from the fake upstream.');

      const error = await apiError(client(prefix).models.generateContent({ model: 'nope/x', contents: 'Hi' }));
      expect(error.body.error.status).toBe('NOT_FOUND');
    });

    it('never takes the caller’s x-goog-api-key unless client.allow_direct_keys is on', async () => {
      await ai.models.generateContent({ model: 'openai/gpt-4o', contents: 'Hello' });
      expect(directKeys).toEqual([undefined]);
      expect(openai.requests[0].headers.authorization).toBe('Bearer sk-test');

      const plugin: Plugin = { name: 'key-watcher', onRequest: ({ context }) => void directKeys.push(context.directKey) };
      const direct = await startGateway({
        plugins: [plugin],
        config: {
          client: { allow_direct_keys: true },
          providers: { openai: { keys: [{ name: 'k', value: 'sk-test', models: [], weight: 1 }], network_config: { base_url: openai.url, max_retries: 0 } } },
        },
      });
      try {
        const caller = new GoogleGenAI({ apiKey: 'caller-key', httpOptions: { baseUrl: `${direct.origin}/genai` } });
        await caller.models.generateContent({ model: 'openai/gpt-4o', contents: 'Hello' });
        expect(directKeys).toEqual([undefined, 'caller-key']);
        expect(openai.requests.at(-1)?.headers.authorization).toBe('Bearer caller-key');
      } finally {
        await direct.close();
      }
    });
  });
});
