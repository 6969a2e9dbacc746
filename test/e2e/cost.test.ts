import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRequestContext } from '../../src/index.js';
import { type OpenAIUpstream, startOpenAIUpstream } from '../fake-upstreams/openai-upstream.js';
import { openaiConfig, type StartedGateway, startGateway } from '../support/start-gateway.js';

/** The header's decimal form: no exponent, no trailing zeros. */
const decimal = /^\d+(\.\d*[1-9])?$/;

describe('the cost of an answer', () => {
  let upstream: OpenAIUpstream;
  let served: StartedGateway;

  beforeEach(async () => {
    upstream = await startOpenAIUpstream();
    served = await startGateway({
      config: { ...openaiConfig(upstream.url), pricing: { 'openai/house-model': { input: 2, output: 4 } } },
    });
  });

  afterEach(async () => {
    await served?.close();
    await upstream?.close();
  });

  /** An answer body, read field by field. */
  const json = (response: Response): Promise<any> => response.json();

  const post = (path: string, body: unknown) =>
    fetch(`${served.baseURL}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://app.test' }, body: JSON.stringify(body) });

  it('is sent as x-switchyard-cost-usd for a chat answer, from the price table and the answer usage', async () => {
    const response = await post('/chat/completions', { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
    const body = await json(response);
    expect(body.usage).toMatchObject({ prompt_tokens: 5, completion_tokens: 6 });

    const header = response.headers.get('x-switchyard-cost-usd');
    expect(header).toMatch(decimal);
    // gpt-4o-mini: $0.15 input, $0.60 output per million tokens.
    expect(Number(header)).toBeCloseTo((5 * 0.15 + 6 * 0.6) / 1_000_000, 15);
    expect(header).toBe('0.00000435');
  });

  it('bills cached prompt tokens at the cached rate and reasoning tokens at the output rate', async () => {
    const usage = { prompt_tokens: 1000, completion_tokens: 300, total_tokens: 1300, prompt_tokens_details: { cached_tokens: 400 }, completion_tokens_details: { reasoning_tokens: 100 } };
    const answer = {
      id: 'chatcmpl-cached',
      object: 'chat.completion',
      created: 1,
      model: 'gpt-4o',
      choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
      usage,
    };
    upstream.script({ rawBody: JSON.stringify(answer) });
    const response = await post('/chat/completions', { model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'Hi' }] });
    await json(response);
    // gpt-4o: $2.50 input, $1.25 cached input, $10 output per million tokens.
    expect(Number(response.headers.get('x-switchyard-cost-usd'))).toBeCloseTo((600 * 2.5 + 400 * 1.25 + 300 * 10) / 1_000_000, 15);
  });

  it('uses the config pricing section for a model the table lacks', async () => {
    const response = await post('/chat/completions', { model: 'openai/house-model', messages: [{ role: 'user', content: 'Hi' }] });
    const { usage } = await json(response);
    expect(Number(response.headers.get('x-switchyard-cost-usd'))).toBeCloseTo((usage.prompt_tokens * 2 + usage.completion_tokens * 4) / 1_000_000, 15);
  });

  it('is absent for a model without a price', async () => {
    const response = await post('/chat/completions', { model: 'openai/unpriced-model', messages: [{ role: 'user', content: 'Hi' }] });
    expect(response.status).toBe(200);
    await json(response);
    expect(response.headers.has('x-switchyard-cost-usd')).toBe(false);
    expect(response.headers.get('x-switchyard-provider')).toBe('openai');
  });

  it('prices embeddings and native Responses answers', async () => {
    const embedded = await post('/embeddings', { model: 'openai/text-embedding-3-small', input: ['a', 'b'] });
    const embedding = await json(embedded);
    expect(Number(embedded.headers.get('x-switchyard-cost-usd'))).toBeCloseTo((embedding.usage.prompt_tokens * 0.02) / 1_000_000, 15);

    const responded = await post('/responses', { model: 'openai/gpt-4o-mini', input: 'Hi' });
    const response = await json(responded);
    const { input_tokens: input, output_tokens: output } = response.usage;
    expect(Number(responded.headers.get('x-switchyard-cost-usd'))).toBeCloseTo((input * 0.15 + output * 0.6) / 1_000_000, 15);
  });

  it('is not a header of a stream, whose headers go out before its usage; the request context has it at the end', async () => {
    const response = await post('/chat/completions', { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], stream: true, stream_options: { include_usage: true } });
    await response.text();
    expect(response.headers.has('x-switchyard-cost-usd')).toBe(false);

    const context = createRequestContext();
    const request = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Hi' }], stream_options: { include_usage: true } };
    for await (const chunk of served.gateway.chatStream(request, { context })) void chunk;
    expect(context.usage).toMatchObject({ prompt_tokens: 5, completion_tokens: 6 });
    const { prompt_tokens: prompt, completion_tokens: completion } = context.usage!;
    expect(context.costUsd).toBeCloseTo((prompt * 0.15 + completion * 0.6) / 1_000_000, 15);
  });

  it('prices text completions and native text-completion and Responses streams once', async () => {
    const completed = await post('/completions', { model: 'openai/gpt-3.5-turbo-instruct', prompt: 'Hi' });
    const completion = await json(completed);
    // gpt-3.5-turbo-instruct: $1.50 input, $2 output per million tokens.
    expect(Number(completed.headers.get('x-switchyard-cost-usd'))).toBeCloseTo((completion.usage.prompt_tokens * 1.5 + completion.usage.completion_tokens * 2) / 1_000_000, 15);

    const streamed = createRequestContext();
    const completionRequest = { model: 'openai/gpt-3.5-turbo-instruct', prompt: 'Hi', stream_options: { include_usage: true } };
    for await (const chunk of served.gateway.completeStream(completionRequest, { context: streamed })) void chunk;
    expect(streamed.costUsd).toBeCloseTo((streamed.usage!.prompt_tokens * 1.5 + streamed.usage!.completion_tokens * 2) / 1_000_000, 15);

    const responded = createRequestContext();
    for await (const event of served.gateway.respondStream({ model: 'openai/gpt-4o-mini', input: 'Hi' }, { context: responded })) void event;
    expect(responded.usage).toMatchObject({ prompt_tokens: 7 });
    expect(responded.costUsd).toBeCloseTo((7 * 0.15 + responded.usage!.completion_tokens * 0.6) / 1_000_000, 15);
  });

  it('is among the headers CORS exposes to browsers', async () => {
    await served.close();
    served = await startGateway({ config: { ...openaiConfig(upstream.url), client: { allowed_origins: ['*'] } } });
    const response = await post('/chat/completions', { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
    await json(response);
    expect(response.headers.get('access-control-expose-headers')).toContain('x-switchyard-cost-usd');
    expect(response.headers.has('x-switchyard-cost-usd')).toBe(true);
  });
});
