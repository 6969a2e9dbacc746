import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeEmbedding, type OpenAIUpstream, startOpenAIUpstream } from './openai-upstream.js';

/** The fake is checked against the official SDK directly, so the e2e suites can trust what it speaks. */
describe('the fake OpenAI upstream, driven by the official SDK without the gateway', () => {
  let upstream: OpenAIUpstream;
  let client: OpenAI;

  beforeEach(async () => {
    upstream = await startOpenAIUpstream({ models: ['gpt-4o-mini', 'gpt-4o'] });
    client = new OpenAI({ apiKey: 'sk-direct', baseURL: `${upstream.url}/v1`, maxRetries: 0 });
  });

  afterEach(async () => {
    await upstream.close();
  });

  it('answers a chat completion and records the request', async () => {
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });

    expect(completion.choices[0].message.content).toBe('Hello from the fake upstream.');
    expect(upstream.requests[0]).toMatchObject({ method: 'POST', path: '/v1/chat/completions', body: { model: 'gpt-4o-mini' } });
    expect(upstream.requests[0].headers.authorization).toBe('Bearer sk-direct');
    expect(await upstream.requests[0].outcome).toBe('finished');
  });

  it('streams chunks the SDK assembles, tool calls and usage included', async () => {
    upstream.script({ deltas: ['Let me check. '], toolCalls: [{ id: 'call_1', name: 'lookup', arguments: '{"q":"weather in Paris"}' }] });
    const stream = client.chat.completions.stream({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream_options: { include_usage: true } });
    const completion = await stream.finalChatCompletion();

    expect(completion.choices[0].message.content).toBe('Let me check. ');
    expect(completion.choices[0].message.tool_calls?.[0]).toMatchObject({ id: 'call_1', function: { name: 'lookup', arguments: '{"q":"weather in Paris"}' } });
    expect(completion.choices[0].finish_reason).toBe('tool_calls');
    expect(completion.usage).toMatchObject({ prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 });
  });

  it('answers embeddings the SDK decodes from base64, and models', async () => {
    const embedding = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'] });
    const models = await client.models.list();

    expect(embedding.data.map((entry) => Array.from(entry.embedding))).toEqual([fakeEmbedding(0), fakeEmbedding(1)]);
    expect(models.data.map((model) => model.id)).toEqual(['gpt-4o-mini', 'gpt-4o']);
  });

  it('answers a scripted status with an OpenAI error body the SDK reads, for the next N requests only', async () => {
    upstream.script({ status: 429, headers: { 'retry-after': '7' } }, { times: 2 });
    const request = () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });

    for (let i = 0; i < 2; i++) {
      const error = (await request().catch((failure: unknown) => failure)) as InstanceType<typeof OpenAI.RateLimitError>;
      expect(error).toBeInstanceOf(OpenAI.RateLimitError);
      expect(error.code).toBe('rate_limit_exceeded');
      expect(error.headers.get('retry-after')).toBe('7');
    }
    await expect(request()).resolves.toMatchObject({ object: 'chat.completion' });
  });

  it('reports a request whose client went away as aborted, and one it cut itself as destroyed', async () => {
    upstream.script({ hang: true });
    const controller = new AbortController();
    const hanging = client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }, { signal: controller.signal });
    await upstream.waitForRequests(1);
    controller.abort();
    await expect(hanging).rejects.toBeInstanceOf(OpenAI.APIUserAbortError);
    await upstream.waitForAborts(1);
    expect(await upstream.requests[0].outcome).toBe('aborted');

    upstream.script({ destroyAfterEvents: 2 });
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true });
    await expect(
      (async () => {
        for await (const _ of stream);
      })(),
    ).rejects.toThrow();
    expect(await upstream.requests[1].outcome).toBe('destroyed');
    expect(upstream.abortedCount).toBe(1);
  });

  it('serves the API at another prefix when asked, as providers without /v1 do', async () => {
    const root = await startOpenAIUpstream({ apiPrefix: '' });
    try {
      const rootClient = new OpenAI({ apiKey: 'sk-test', baseURL: root.url, maxRetries: 0 });
      await expect(rootClient.chat.completions.create({ model: 'sonar', messages: [{ role: 'user', content: 'hi' }] })).resolves.toMatchObject({ object: 'chat.completion' });
      expect(root.requests[0].path).toBe('/chat/completions');
      const missing = await fetch(`${root.url}/v1/chat/completions`, { method: 'POST', body: '{}' });
      expect(missing.status).toBe(404);
    } finally {
      await root.close();
    }
  });
});
