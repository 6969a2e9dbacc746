import { describe, expect, it } from 'vitest';
import type { ChatRequest, EmbeddingRequest, EmbeddingResponse } from '../api/index.js';
import { createRequestContext } from '../core/request-context.js';
import { bagOfWordsEmbed } from '../../test/support/cache/bag-of-words-embed.js';
import { answer, ask, france, paraphrase, setup, unrelated } from '../../test/support/cache/plugin-harness.js';

describe('semantic_cache plugin: exact matching', () => {
  it('answers the same request from the cache whatever the order of its JSON keys', async () => {
    const cache = setup({ mode: 'exact' });
    const first = await cache.send(JSON.parse(`{"model":"openai/gpt-4o","temperature":0,"messages":[{"role":"user","content":"${france}"}]}`));
    expect(first).toMatchObject({ status: 'miss', fromCache: false });
    const second = await cache.send(JSON.parse(`{"messages":[{"content":"${france}","role":"user"}],"temperature":0,"model":"openai/gpt-4o"}`));
    expect(second).toMatchObject({ status: 'hit-exact', fromCache: true });
    expect(second.response).toEqual(first.response);
    expect(cache.upstreamCalls()).toBe(1);
    expect(cache.metrics.hit).toHaveBeenCalledWith('direct');
    expect(cache.metrics.miss).toHaveBeenCalledTimes(1);
    expect(cache.metrics.lookup).toHaveBeenCalledWith('direct', expect.any(Number));
    expect(cache.metrics.stored).toHaveBeenCalledTimes(1);
  });

  it('serves a copy: changing a served answer does not change the entry', async () => {
    const cache = setup({ mode: 'exact' });
    await cache.send(ask(france));
    const hit = await cache.send(ask(france));
    hit.response.choices[0].message.content = 'changed';
    expect((await cache.send(ask(france))).response.choices[0].message.content).not.toBe('changed');
  });

  it('misses when an answer-determining field differs, and hits when only stream or user differ', async () => {
    const cache = setup({ mode: 'exact' });
    await cache.send(ask(france, { temperature: 0 }));
    for (const change of [{ temperature: 1 }, { max_tokens: 5 }, { seed: 3 }, { response_format: { type: 'json_object' } }, { tool_choice: 'none' }] as Partial<ChatRequest>[]) {
      expect((await cache.send(ask(france, { ...change, temperature: change.temperature ?? 0 }), { headers: { 'x-bf-cache-no-store': 'true' } })).status).toBe('miss');
    }
    expect((await cache.send(ask(france, { temperature: 0, stream: true, user: 'bob' }))).status).toBe('hit-exact');
  });

  it('never reuses a hit to store again', async () => {
    const cache = setup({ mode: 'exact' });
    await cache.send(ask(france));
    await cache.send(ask(france));
    await cache.send(ask(france), { stream: true });
    expect(cache.store.puts).toBe(1);
  });
});

describe('semantic_cache plugin: partitions', () => {
  const tools: ChatRequest['tools'] = [{ type: 'function', function: { name: 'search', parameters: { type: 'object' } } }];

  it.each<[string, Partial<ChatRequest>]>([
    ['models', { model: 'openai/gpt-4o-mini' }],
    ['providers', { model: 'azure/gpt-4o' }],
    ['tools', { tools }],
    ['system prompts', { messages: [{ role: 'system', content: 'Answer in French.' }, { role: 'user', content: france }] }],
  ])('never answers across %s, exactly or semantically', async (_name, change) => {
    const cache = setup({ threshold: 0.5 });
    await cache.send(ask(france, { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: france }] }));
    const other = await cache.send({ ...ask(france, { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: france }] }), ...change });
    expect(other).toMatchObject({ status: 'miss', fromCache: false });
  });

  it('shares entries across providers of one model with cache_by_provider off', async () => {
    const cache = setup({ mode: 'exact', cache_by_provider: false });
    await cache.send(ask(france));
    expect((await cache.send(ask(france, { model: 'azure/gpt-4o' }))).status).toBe('hit-exact');
    expect((await cache.send(ask(france, { model: 'azure/gpt-4o-mini' }))).status).toBe('miss');
  });

  it('shares entries across models with cache_by_model off', async () => {
    const cache = setup({ cache_by_model: false });
    await cache.send(ask(france));
    expect((await cache.send(ask(france, { model: 'anthropic/claude-sonnet-4' }))).status).toBe('hit-exact');
    expect((await cache.send(ask(paraphrase, { model: 'groq/llama-3.3-70b' }))).status).toBe('hit-semantic');
  });

  it('shares entries across system prompts with exclude_system_prompt, semantically', async () => {
    const cache = setup({ exclude_system_prompt: true });
    await cache.send(ask(france, { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: france }] }));
    const other = await cache.send(ask(france, { messages: [{ role: 'system', content: 'Be kind.' }, { role: 'user', content: france }] }));
    expect(other).toMatchObject({ status: 'hit-semantic', similarity: expect.closeTo(1, 5) });
  });
});

describe('semantic_cache plugin: semantic matching', () => {
  it('answers a paraphrase from the cache and reports its similarity', async () => {
    const cache = setup();
    const first = await cache.send(ask(france));
    const second = await cache.send(ask(paraphrase));
    expect(second).toMatchObject({ status: 'hit-semantic', fromCache: true, similarity: expect.closeTo(0.816, 2) });
    expect(second.response).toEqual(first.response);
    expect(cache.metrics.hit).toHaveBeenCalledWith('semantic');
    expect(cache.metrics.lookup).toHaveBeenCalledWith('semantic', expect.any(Number));
    expect(cache.embedCalls[0]).toEqual({ model: 'mock/bag-of-words', input: `user: ${france}` });
  });

  it('misses for an unrelated prompt', async () => {
    const cache = setup();
    await cache.send(ask(france));
    expect((await cache.send(ask(unrelated))).status).toBe('miss');
    expect(cache.upstreamCalls()).toBe(2);
  });

  it('follows the configured threshold', async () => {
    const strict = setup({ threshold: 0.9 });
    await strict.send(ask(france));
    expect((await strict.send(ask(paraphrase))).status).toBe('miss');
  });

  it('lets x-bf-cache-threshold raise or lower the threshold for one lookup', async () => {
    const cache = setup();
    await cache.send(ask(france));
    expect((await cache.send(ask(paraphrase), { headers: { 'x-bf-cache-threshold': '0.9', 'x-bf-cache-no-store': 'true' } })).status).toBe('miss');
    expect((await cache.send(ask('What is the capital of Spain?'), { headers: { 'x-bf-cache-threshold': '0.45', 'x-bf-cache-no-store': 'true' } })).status).toBe('hit-semantic');
    expect((await cache.send(ask('What is the capital of Spain?'))).status).toBe('miss');
  });

  it('asks for the configured dimensions', async () => {
    const cache = setup({ dimension: 64 });
    await cache.send(ask(france));
    expect(cache.embedCalls[0]).toMatchObject({ dimensions: 64 });
  });

  it('matches no longer conversations than conversation_history_threshold semantically, but still exactly', async () => {
    const conversation = (last: string): ChatRequest => ({
      model: 'openai/gpt-4o',
      messages: [
        { role: 'user', content: france },
        { role: 'assistant', content: 'Paris.' },
        { role: 'user', content: last },
        { role: 'assistant', content: 'About two million.' },
      ],
    });
    const cache = setup({ conversation_history_threshold: 3, threshold: 0.5 });
    await cache.send(conversation('And its population?'));
    expect((await cache.send(conversation('And its population, please?'))).status).toBe('miss');
    expect(cache.embedCalls).toHaveLength(0);
    expect((await cache.send(conversation('And its population?'))).status).toBe('hit-exact');
  });

  it('does not answer a follow-up from a conversation whose earlier turns differ', async () => {
    const turn = (city: string, answerText: string): ChatRequest => ({
      model: 'openai/gpt-4o',
      messages: [
        { role: 'user', content: `What is the capital of ${city}?` },
        { role: 'assistant', content: answerText },
        { role: 'user', content: 'And its population?' },
      ],
    });
    const cache = setup({ conversation_history_threshold: 5 });
    await cache.send(turn('France', 'Paris.'));
    expect((await cache.send(turn('Italy', 'Rome.'))).status).toBe('miss');
  });

  it('skips semantic matching when the embedding call fails, and still matches exactly', async () => {
    const failing = {
      calls: [] as EmbeddingRequest[],
      embed: async (): Promise<EmbeddingResponse> => {
        throw new Error('embedding provider down');
      },
    };
    const cache = setup({}, failing);
    await cache.send(ask(france));
    expect((await cache.send(ask(paraphrase))).status).toBe('miss');
    expect((await cache.send(ask(france))).status).toBe('hit-exact');
    expect(cache.warn).toHaveBeenCalledTimes(1); // rate-limited: one line for many failures
  });

  it('reads base64 embeddings', async () => {
    const base = bagOfWordsEmbed();
    const base64 = {
      calls: base.calls,
      embed: async (request: EmbeddingRequest): Promise<EmbeddingResponse> => {
        const response = await base.embed(request);
        const vector = Float32Array.from(response.data[0].embedding as number[]);
        return { ...response, data: [{ object: 'embedding', index: 0, embedding: Buffer.from(vector.buffer).toString('base64') }] };
      },
    };
    const cache = setup({}, base64);
    await cache.send(ask(france));
    expect((await cache.send(ask(paraphrase))).status).toBe('hit-semantic');
  });

  it('leaves embed requests alone', async () => {
    const cache = setup();
    const context = createRequestContext({ headers: { 'x-bf-cache-type': 'nonsense' } });
    expect(await cache.plugin.onRequest!({ operation: 'embed', request: { model: 'mock/bag-of-words', input: 'x' }, context })).toBeUndefined();
    expect(context.cacheStatus).toBeUndefined();
  });
});
