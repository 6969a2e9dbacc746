import OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultDeltas, type OpenAIUpstream, startOpenAIUpstream } from '../fake-upstreams/openai-upstream.js';
import { type StartedGateway, startGateway } from '../support/start-gateway.js';

const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Current weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};
const fakeText = defaultDeltas.join('');

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('OpenAI-compatible providers through the official OpenAI SDK', () => {
  let upstream: OpenAIUpstream;
  let rootUpstream: OpenAIUpstream;
  let served: StartedGateway;
  let client: OpenAI;

  beforeAll(async () => {
    upstream = await startOpenAIUpstream();
    // DeepSeek and Perplexity serve their API at the root, without /v1.
    rootUpstream = await startOpenAIUpstream({ apiPrefix: '' });
    const network = { base_url: upstream.url, max_retries: 0 };
    served = await startGateway({
      config: {
        providers: {
          mistral: { keys: [{ name: 'm1', value: 'sk-mistral', models: [], weight: 1 }], network_config: network },
          groq: { keys: [{ name: 'g1', value: 'gsk-test', models: [], weight: 1 }], network_config: network },
          vllm: { keys: [], network_config: network },
          // No base_url: the key names its server.
          ollama: { keys: [{ name: 'gpu-1', value: '', models: [], weight: 1, ollama_key_config: { url: upstream.url } }], network_config: { max_retries: 0 } },
          deepseek: { keys: [{ name: 'd1', value: 'sk-deepseek', models: [], weight: 1 }], network_config: { base_url: rootUpstream.url, max_retries: 0 } },
          perplexity: { keys: [{ name: 'p1', value: 'pplx-test', models: [], weight: 1 }], network_config: { base_url: rootUpstream.url, max_retries: 0 } },
        },
      },
    });
    client = served.client();
  });
  afterAll(async () => {
    await served?.close();
    await upstream?.close();
    await rootUpstream?.close();
  });
  beforeEach(() => {
    upstream.reset();
    rootUpstream.reset();
  });

  it("sends Mistral its own field names and roles, and reports what it dropped", async () => {
    const params = {
      model: 'mistral/mistral-large-latest',
      messages: [
        { role: 'developer', content: 'Answer in French.' },
        { role: 'user', content: 'Hello' },
      ],
      seed: 42,
      max_completion_tokens: 100,
      logprobs: true,
    } satisfies ChatCompletionCreateParamsNonStreaming;
    const { data, response } = await client.chat.completions.create(params).withResponse();

    expect(data.choices[0].message.content).toBe(fakeText);
    const received = upstream.requests[0];
    expect(received.path).toBe('/v1/chat/completions');
    expect(received.headers.authorization).toBe('Bearer sk-mistral');
    expect(received.body).toEqual({
      model: 'mistral-large-latest',
      messages: [
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'Hello' },
      ],
      random_seed: 42,
      max_tokens: 100,
    });
    expect(response.headers.get('x-switchyard-warnings')).toBe('logprobs is not supported by mistral and was dropped');
  });

  it('streams parallel tool calls from Groq, their arguments in fragments, with usage', async () => {
    upstream.script({
      deltas: [],
      toolCalls: [
        { id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { id: 'call_b', name: 'get_weather', arguments: '{"city":"Rome"}' },
      ],
      argumentFragmentLength: 4,
    });
    const stream = await client.chat.completions.create({
      model: 'groq/llama-3.3-70b-versatile',
      messages: [{ role: 'user', content: 'Paris and Rome?', name: 'ada' }],
      tools: [weatherTool],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = await collect(stream);

    const calls = new Map<number, { id?: string; name?: string; arguments: string }>();
    for (const chunk of chunks) {
      for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
        const seen = calls.get(call.index) ?? { arguments: '' };
        calls.set(call.index, { id: seen.id ?? call.id, name: seen.name ?? call.function?.name, arguments: seen.arguments + (call.function?.arguments ?? '') });
      }
    }
    expect([...calls.values()]).toEqual([
      { id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: 'call_b', name: 'get_weather', arguments: '{"city":"Rome"}' },
    ]);
    expect(chunks.find((chunk) => chunk.choices[0]?.finish_reason)?.choices[0].finish_reason).toBe('tool_calls');
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 5, total_tokens: 5 });
    expect(upstream.requests[0].body).toMatchObject({ stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Paris and Rome?' }] });
    expect(upstream.requests[0].body.messages[0]).not.toHaveProperty('name');
  });

  it("maps Groq's rate limit to a 429 the SDK reads", async () => {
    upstream.script({ status: 429, headers: { 'retry-after': '3' } });
    const failure = await client.chat.completions.create({ model: 'groq/llama-3.3-70b-versatile', messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(OpenAI.RateLimitError);
    expect(failure).toMatchObject({ status: 429, code: 'rate_limited' });
    expect((failure as { headers?: Headers }).headers?.get('retry-after')).toBe('3');
  });

  it("calls the Ollama server named by the key, without credentials, dropping tool_choice with a warning", async () => {
    const { response } = await client.chat.completions
      .create({ model: 'ollama/qwen3:8b', messages: [{ role: 'user', content: 'Weather?' }], tools: [weatherTool], tool_choice: 'required', max_completion_tokens: 64 })
      .withResponse();

    const received = upstream.requests[0];
    expect(received.path).toBe('/v1/chat/completions');
    expect(received.headers.authorization).toBeUndefined();
    expect(received.body).toEqual({ model: 'qwen3:8b', messages: [{ role: 'user', content: 'Weather?' }], tools: [weatherTool], max_tokens: 64 });
    expect(response.headers.get('x-switchyard-warnings')).toBe('tool_choice is not supported by ollama and was dropped');
  });

  it('asks DeepSeek for JSON at its root path, and refuses a json_schema it cannot follow', async () => {
    await client.chat.completions.create({ model: 'deepseek/deepseek-chat', messages: [{ role: 'user', content: 'Weather as JSON' }], response_format: { type: 'json_object' } });
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    const failure = await client.chat.completions
      .create({ model: 'deepseek/deepseek-chat', messages: [{ role: 'user', content: 'Weather as JSON' }], response_format: { type: 'json_schema', json_schema: { name: 'weather', schema } } })
      .catch((error: unknown) => error);

    expect(rootUpstream.requests).toHaveLength(1);
    expect(rootUpstream.requests[0].path).toBe('/chat/completions');
    expect(rootUpstream.requests[0].headers.authorization).toBe('Bearer sk-deepseek');
    expect(rootUpstream.requests[0].body.response_format).toEqual({ type: 'json_object' });
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError);
    expect(failure).toMatchObject({ status: 400, code: 'unsupported_operation' });
  });

  it('streams from Perplexity, its JSON mode asked as a schema allowing any object, with a warning', async () => {
    const { data: stream, response } = await client.chat.completions
      .create({ model: 'perplexity/sonar', messages: [{ role: 'user', content: 'News?' }], response_format: { type: 'json_object' }, seed: 3, stream: true, stream_options: { include_usage: true } })
      .withResponse();
    const chunks = await collect(stream);

    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(fakeText);
    const received = rootUpstream.requests[0];
    expect(received.path).toBe('/chat/completions');
    expect(received.body).toEqual({
      model: 'sonar',
      messages: [{ role: 'user', content: 'News?' }],
      response_format: { type: 'json_schema', json_schema: { name: 'json_object', schema: { type: 'object' } } },
      stream: true,
    });
    expect(response.headers.get('x-switchyard-warnings')).toBe(
      'seed is not supported by perplexity and was dropped; response_format json_object is not supported by perplexity; sent as json_schema allowing any JSON object',
    );
  });

  it("passes legacy completions and the Responses API to vLLM's own endpoints", async () => {
    const completion = await client.completions.create({ model: 'vllm/Qwen/Qwen3-8B', prompt: 'Say this is a test', max_tokens: 7 });
    const answer = await client.responses.create({ model: 'vllm/Qwen/Qwen3-8B', input: 'Say hello.' });

    expect(upstream.requests.map((request) => request.path)).toEqual(['/v1/completions', '/v1/responses']);
    expect(upstream.requests[0].body).toEqual({ model: 'Qwen/Qwen3-8B', prompt: 'Say this is a test', max_tokens: 7 });
    expect(upstream.requests[1].body).toMatchObject({ model: 'Qwen/Qwen3-8B', input: 'Say hello.' });
    expect(completion.choices[0].text).toBe(fakeText);
    expect(answer.output_text).toBe(fakeText);
  });
});
