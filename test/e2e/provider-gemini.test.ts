import OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GeminiUpstream, startGeminiUpstream } from '../fake-upstreams/gemini-upstream.js';
import { type StartedGateway, startGateway } from '../support/start-gateway.js';

const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Current weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('the gemini provider through the official OpenAI SDK', () => {
  let upstream: GeminiUpstream;
  let served: StartedGateway;
  let client: OpenAI;
  let seen = 0;

  beforeAll(async () => {
    upstream = await startGeminiUpstream({ apiKey: 'AIza-test-key', models: ['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-embedding-001'] });
    served = await startGateway({
      config: {
        providers: {
          gemini: {
            keys: [{ name: 'k1', value: 'AIza-test-key', models: [], weight: 1 }],
            network_config: { base_url: upstream.url, max_retries: 0, extra_headers: { 'x-team': 'search' } },
          },
        },
      },
    });
    client = served.client();
  });
  afterAll(async () => {
    await served?.close();
    await upstream?.close();
  });
  beforeEach(() => {
    seen = upstream.requests.length;
  });
  /** The requests the upstream received during the current test. */
  const requests = () => upstream.requests.slice(seen);

  it('answers a chat completion from generateContent, sending the key in x-goog-api-key', async () => {
    upstream.enqueue({ kind: 'reply', text: 'Bonjour !', finish: 'stop', usage: { prompt: 12, completion: 4 } });
    const completion = await client.chat.completions.create({
      model: 'gemini/gemini-2.5-flash',
      messages: [
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'Hello' },
      ],
      max_tokens: 20,
    });

    expect(completion.choices[0]).toMatchObject({ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Bonjour !' } });
    expect(completion.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 4, total_tokens: 16 });
    const [request] = requests();
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(request.headers['x-goog-api-key']).toBe('AIza-test-key');
    expect(request.headers['x-team']).toBe('search');
    expect(request.headers.authorization).toBeUndefined();
    expect(request.body).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'Hello' }] }],
      systemInstruction: { parts: [{ text: 'Answer in French.' }] },
      generationConfig: { maxOutputTokens: 20 },
    });
  });

  it('streams text from streamGenerateContent?alt=sse, with one usage chunk when asked', async () => {
    upstream.enqueue({ kind: 'reply', text: 'One, two, three.', finish: 'stop', usage: { prompt: 5, completion: 6 } });
    const chunks = await collect(
      await client.chat.completions.create({ model: 'gemini/gemini-2.5-flash', messages: [{ role: 'user', content: 'Count to three.' }], stream: true, stream_options: { include_usage: true } }),
    );

    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('One, two, three.');
    expect(chunks.flatMap((chunk) => chunk.choices.flatMap((choice) => (choice.finish_reason ? [choice.finish_reason] : [])))).toEqual(['stop']);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 5, completion_tokens: 6, total_tokens: 11 } });
    expect(requests()[0].url).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
  });

  it('returns parallel tool calls, streamed and not, and sends the results back as function responses', async () => {
    const toolCalls = [
      { id: 'x', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: 'y', name: 'get_weather', arguments: '{"city":"Oslo"}' },
    ];
    const params = { model: 'gemini/gemini-2.5-flash', messages: [{ role: 'user' as const, content: 'Paris and Oslo?' }], tools: [weatherTool], tool_choice: 'required' as const };
    upstream.enqueue({ kind: 'reply', toolCalls, finish: 'tool_calls', usage: { prompt: 30, completion: 10 } });
    const completion = await client.chat.completions.create(params);
    const message = completion.choices[0].message;
    expect(completion.choices[0].finish_reason).toBe('tool_calls');
    expect(message.tool_calls?.map((call) => (call.type === 'function' ? [call.id, call.function.name, JSON.parse(call.function.arguments)] : []))).toEqual([
      ['call_0', 'get_weather', { city: 'Paris' }],
      ['call_1', 'get_weather', { city: 'Oslo' }],
    ]);
    expect(requests()[0].body).toMatchObject({
      tools: [{ functionDeclarations: [{ name: 'get_weather', description: 'Current weather of a city', parametersJsonSchema: weatherTool.function.parameters }] }],
      toolConfig: { functionCallingConfig: { mode: 'ANY' } },
    });

    upstream.enqueue({ kind: 'reply', toolCalls, finish: 'tool_calls', usage: { prompt: 30, completion: 10 } });
    const runner = client.chat.completions.stream(params);
    const streamed = await runner.finalChatCompletion();
    expect(streamed.choices[0].message.tool_calls?.map((call) => (call.type === 'function' ? call.function.arguments : ''))).toEqual(['{"city":"Paris"}', '{"city":"Oslo"}']);
    expect(streamed.choices[0].finish_reason).toBe('tool_calls');

    upstream.enqueue({ kind: 'reply', text: 'Paris is warmer.', finish: 'stop', usage: { prompt: 50, completion: 4 } });
    const answer = await client.chat.completions.create({
      ...params,
      tool_choice: 'auto',
      messages: [
        ...params.messages,
        message,
        { role: 'tool', tool_call_id: 'call_0', content: '18C' },
        { role: 'tool', tool_call_id: 'call_1', content: '4C' },
      ],
    });
    expect(answer.choices[0].message.content).toBe('Paris is warmer.');
    expect((requests()[2].body as { contents: unknown[] }).contents.slice(1)).toEqual([
      {
        role: 'model',
        parts: [
          { functionCall: { id: 'call_0', name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'skip_thought_signature_validator' },
          { functionCall: { id: 'call_1', name: 'get_weather', args: { city: 'Oslo' } } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { id: 'call_0', name: 'get_weather', response: { output: '18C' } } },
          { functionResponse: { id: 'call_1', name: 'get_weather', response: { output: '4C' } } },
        ],
      },
    ]);
  });

  it('reports reasoning as reasoning_content and dropped parameters in x-switchyard-warnings', async () => {
    upstream.enqueue({ kind: 'reply', reasoning: 'Simple sum.', text: '4', finish: 'stop', usage: { prompt: 8, completion: 20, reasoning: 18 } });
    const { data, response } = await client.chat.completions
      .create({ model: 'gemini/gemini-2.5-flash', messages: [{ role: 'user', content: '2+2?' }], reasoning_effort: 'low', logit_bias: { '1': 1 } })
      .withResponse();

    expect(data.choices[0].message).toMatchObject({ content: '4', reasoning_content: 'Simple sum.' });
    expect(data.usage).toMatchObject({ completion_tokens: 20, completion_tokens_details: { reasoning_tokens: 18 } });
    expect((requests()[0].body as { generationConfig: unknown }).generationConfig).toEqual({ thinkingConfig: { thinkingBudget: 1024, includeThoughts: true } });
    expect(response.headers.get('x-switchyard-warnings')).toBe('logit_bias is not supported by gemini and was dropped');
  });

  it('maps a Gemini rate limit to a 429 with the retry delay Google gave', async () => {
    upstream.enqueue({ kind: 'error', error: 'rate-limit' });
    const failure = await client.chat.completions.create({ model: 'gemini/gemini-2.5-flash', messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(OpenAI.RateLimitError);
    expect((failure as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('37');
    expect((failure as InstanceType<typeof OpenAI.RateLimitError>).error).toMatchObject({ code: 'rate_limited', type: 'rate_limit_error' });
  });

  it('maps a blocked prompt to a content policy error, streamed or not', async () => {
    upstream.enqueue({ kind: 'error', error: 'content-policy' });
    const failure = await client.chat.completions.create({ model: 'gemini/gemini-2.5-flash', messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError);
    expect((failure as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('content_policy_violation');

    upstream.enqueue({ kind: 'error', error: 'content-policy' });
    const streamed = await client.chat.completions
      .create({ model: 'gemini/gemini-2.5-flash', messages: [{ role: 'user', content: 'Hi' }], stream: true })
      .catch((error: unknown) => error);
    expect(streamed).toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('ends a stream with an error event when Gemini sends one mid-stream', async () => {
    upstream.enqueue({ kind: 'stream-failure', textBefore: 'Roses are red, ', error: 'overloaded' });
    const stream = await client.chat.completions.create({ model: 'gemini/gemini-2.5-flash', messages: [{ role: 'user', content: 'A poem' }], stream: true });
    const texts: string[] = [];
    const failure = await (async () => {
      for await (const chunk of stream) texts.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((error: unknown) => error);

    expect(texts.join('')).toBe('Roses are red, ');
    expect(failure).toMatchObject({ message: expect.stringContaining('overloaded') });
  });

  it('embeds through batchEmbedContents, the SDK default base64 included', async () => {
    const response = await client.embeddings.create({ model: 'gemini/gemini-embedding-001', input: ['alpha', 'beta'], dimensions: 3 });

    expect(response.data.map((entry) => Array.from(entry.embedding))).toEqual([
      [-0.375, -0.25, -0.125],
      [-0.25, 0, 0.25],
    ]);
    const [request] = requests();
    expect(request.url).toBe('/v1beta/models/gemini-embedding-001:batchEmbedContents');
    expect(request.body).toEqual({
      requests: [
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'alpha' }] }, outputDimensionality: 3 },
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'beta' }] }, outputDimensionality: 3 },
      ],
    });
  });

  it('lists every page of the model list', async () => {
    const page = await client.models.list();

    expect(page.data.map((model) => model.id)).toEqual(['gemini/gemini-2.5-flash', 'gemini/gemini-2.5-pro', 'gemini/gemini-embedding-001']);
    expect(requests().map((request) => request.url)).toEqual(['/v1beta/models?pageSize=1000', '/v1beta/models?pageSize=1000&pageToken=2']);
  });
});

describe('the gemini provider with a key Google rejects', () => {
  it('fails with provider_auth_failed (502), not a caller error', async () => {
    const upstream = await startGeminiUpstream({ apiKey: 'the-right-key' });
    const served = await startGateway({
      config: { providers: { gemini: { keys: [{ name: 'k1', value: 'a-wrong-key', models: [], weight: 1 }], network_config: { base_url: upstream.url, max_retries: 0 } } } },
    });
    try {
      const failure = await served.client().chat.completions.create({ model: 'gemini/gemini-2.5-flash', messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(OpenAI.APIError);
      expect((failure as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
      expect((failure as InstanceType<typeof OpenAI.APIError>).code).toBe('provider_auth_failed');
      expect(upstream.requests[0].headers['x-goog-api-key']).toBe('a-wrong-key');
    } finally {
      await served.close();
      await upstream.close();
    }
  });
});
