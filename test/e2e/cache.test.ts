import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { ask, type CachedGateway, startCachedGateway } from '../support/cache-fixture.js';

describe('the response cache', () => {
  let cached: CachedGateway | undefined;
  afterEach(async () => {
    await cached?.served.close();
    await cached?.upstream.close();
    cached = undefined;
  });
  const start = async (options: Parameters<typeof startCachedGateway>[0] = {}) => (cached = await startCachedGateway(options));

  it('answers a repeated request from the cache, without calling the provider, whatever the JSON key order', async () => {
    const { chat, chatCalls } = await start();
    const first = await chat(ask('What is the capital of France?', { temperature: 0.2 }));
    expect(first.response.headers.get('x-switchyard-cache')).toBe('miss');
    // The same request with its keys in another order.
    const again = await chat({ temperature: 0.2, messages: [{ content: 'What is the capital of France?', role: 'user' }], model: 'openai/gpt-4o-mini' });
    expect(again.response.status).toBe(200);
    expect(again.response.headers.get('x-switchyard-cache')).toBe('hit-exact');
    expect(again.body.choices[0].message.content).toBe(first.body.choices[0].message.content);
    expect(chatCalls()).toBe(1);
  });

  it('misses when anything that shapes the answer differs: parameters, model, tools, system prompt', async () => {
    const { chat, chatCalls } = await start({ cache: { mode: 'exact' } });
    const base = ask('Name a colour.');
    await chat(base);
    const variants = [
      { ...base, temperature: 1 },
      { ...base, model: 'openai/gpt-4o' },
      { ...base, tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }] },
      { ...base, messages: [{ role: 'system', content: 'Answer in French.' }, ...base.messages] },
      { ...base, max_tokens: 5 },
    ];
    for (const variant of variants) expect((await chat(variant)).response.headers.get('x-switchyard-cache')).toBe('miss');
    expect(chatCalls()).toBe(1 + variants.length);
    // Fields that do not shape the answer do not split the cache.
    expect((await chat({ ...base, user: 'someone', stream_options: null })).response.headers.get('x-switchyard-cache')).toBe('hit-exact');
  });

  it('answers a paraphrase semantically, with its similarity, and misses an unrelated prompt', async () => {
    const { chat, chatCalls } = await start();
    await chat(ask('tell me the capital city of France'));
    const paraphrase = await chat(ask('Tell me the capital city of France please'));
    expect(paraphrase.response.headers.get('x-switchyard-cache')).toBe('hit-semantic');
    expect(Number(paraphrase.response.headers.get('x-switchyard-cache-similarity'))).toBeGreaterThanOrEqual(0.8);
    expect((await chat(ask('how do I bake sourdough bread'))).response.headers.get('x-switchyard-cache')).toBe('miss');
    expect(chatCalls()).toBe(2);
    // A stricter threshold for one request turns the same paraphrase into a miss.
    const strict = await chat(ask('Tell me the capital city of France please!'), { 'x-bf-cache-threshold': '0.99', 'x-bf-cache-type': 'semantic' });
    expect(strict.response.headers.get('x-switchyard-cache')).toBe('miss');
  });

  it('replays a cached answer to a streaming caller as a proper stream, and serves a stored stream to a JSON caller', async () => {
    const { served, chatCalls } = await start();
    const client = served.client();
    const answer = await client.chat.completions.create(ask('stream me the cached answer') as any);
    const stream = await client.chat.completions.create({ ...(ask('stream me the cached answer') as any), stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage: unknown;
    for await (const chunk of stream as any) {
      text += chunk.choices[0]?.delta?.content ?? '';
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe((answer as any).choices[0].message.content);
    expect(usage).toMatchObject({ prompt_tokens: 5 });
    expect(chatCalls()).toBe(1);

    const streamed = await client.chat.completions.create({ ...(ask('a streamed answer first') as any), stream: true });
    let streamedText = '';
    for await (const chunk of streamed as any) streamedText += chunk.choices[0]?.delta?.content ?? '';
    const { data, response } = await client.chat.completions.create(ask('a streamed answer first') as any).withResponse();
    expect(response.headers.get('x-switchyard-cache')).toBe('hit-exact');
    expect((data as any).choices[0].message.content).toBe(streamedText);
    expect(chatCalls()).toBe(2);
  });

  it('never stores errors or cut streams', async () => {
    const { chat, upstream, served, chatCalls } = await start();
    upstream.script({ status: 500 }, { path: '/v1/chat/completions' });
    expect((await chat(ask('this fails first'))).response.status).toBe(502);
    expect((await chat(ask('this fails first'))).response.headers.get('x-switchyard-cache')).toBe('miss');
    expect(chatCalls()).toBe(2);

    upstream.script({ deltas: ['one ', 'two ', 'three'], destroyAfterEvents: 2 }, { path: '/v1/chat/completions' });
    const cut = await served.client().chat.completions.create({ ...(ask('a stream that is cut') as any), stream: true });
    await expect(async () => {
      for await (const _chunk of cut as any);
    }).rejects.toThrow();
    expect((await chat(ask('a stream that is cut'))).response.headers.get('x-switchyard-cache')).toBe('miss');
    expect(chatCalls()).toBe(4);
  });

  it('does not store answers whose finish reason is not cacheable', async () => {
    const { chat, upstream, chatCalls } = await start();
    upstream.script({ toolCalls: [{ id: 'call_1', name: 'lookup', arguments: '{}' }] }, { path: '/v1/chat/completions' });
    await chat(ask('call a tool'));
    expect((await chat(ask('call a tool'))).response.headers.get('x-switchyard-cache')).toBe('miss');
    expect(chatCalls()).toBe(2);
  });

  it('follows the request headers: no-store, no-cache, a TTL, a cache key partition', async () => {
    const { chat, chatCalls } = await start({ cache: { mode: 'exact' } });
    await chat(ask('not stored'), { 'cache-control': 'no-store' });
    expect((await chat(ask('not stored'))).response.headers.get('x-switchyard-cache')).toBe('miss');
    expect((await chat(ask('not stored'), { 'cache-control': 'no-cache' })).response.headers.get('x-switchyard-cache')).not.toMatch(/^hit/);
    expect((await chat(ask('not stored'), { 'x-bf-cache-no-store': 'true', 'cache-control': 'no-cache' })).response.headers.get('x-switchyard-cache')).toBe('bypass');
    const calls = chatCalls();

    await chat(ask('partitioned'), { 'x-bf-cache-key': 'team-a' });
    expect((await chat(ask('partitioned'), { 'x-bf-cache-key': 'team-b' })).response.headers.get('x-switchyard-cache')).toBe('miss');
    expect((await chat(ask('partitioned'), { 'x-bf-cache-key': 'team-a' })).response.headers.get('x-switchyard-cache')).toBe('hit-exact');
    expect(chatCalls()).toBe(calls + 2);

    await chat(ask('short lived'), { 'x-bf-cache-ttl': '1s' });
    expect((await chat(ask('short lived'))).response.headers.get('x-switchyard-cache')).toBe('hit-exact');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await chat(ask('short lived'))).response.headers.get('x-switchyard-cache')).toBe('miss');
  });

  it('refuses malformed cache headers with a 400 naming the header', async () => {
    const { chat } = await start();
    for (const [header, value] of [
      ['x-bf-cache-threshold', 'high'],
      ['x-bf-cache-ttl', 'forever'],
      ['x-bf-cache-type', 'fuzzy'],
    ]) {
      const { response, body } = await chat(ask('bad header'), { [header]: value });
      expect(response.status).toBe(400);
      expect(body.error).toMatchObject({ code: 'invalid_request', param: header });
    }
  });

  it('serves the drop-in Anthropic surface from the cache too', async () => {
    const { served, chatCalls } = await start();
    const anthropic = new Anthropic({ apiKey: 'unused', baseURL: `${served.origin}/anthropic`, maxRetries: 0 });
    const request = { model: 'openai/gpt-4o-mini', max_tokens: 100, messages: [{ role: 'user' as const, content: 'cached through the Messages API' }] };
    const first = await anthropic.messages.create(request);
    const { data, response } = await anthropic.messages.create(request).withResponse();
    expect(response.headers.get('x-switchyard-cache')).toBe('hit-exact');
    expect(data.content).toEqual(first.content);
    expect(chatCalls()).toBe(1);
  });

  it('counts hits and misses in /metrics', async () => {
    const { chat, served } = await start();
    await chat(ask('count me'));
    await chat(ask('count me'));
    await chat(ask('Count me please'));
    const text = await (await fetch(`${served.origin}/metrics`)).text();
    const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1]);
    expect(value(/^bifrost_cache_hits_total\{cache_type="direct"\} (\S+)$/m)).toBe(1);
    expect(value(/^bifrost_cache_hits_total\{cache_type="semantic"\} (\S+)$/m)).toBe(1);
    expect(value(/^switchyard_cache_misses_total (\S+)$/m)).toBe(1);
    expect(value(/^switchyard_cache_lookup_seconds_count\{cache_type="direct"\} (\S+)$/m)).toBeGreaterThanOrEqual(3);
    expect(value(/^switchyard_cache_entries (\S+)$/m)).toBeGreaterThanOrEqual(1);
  });
});
