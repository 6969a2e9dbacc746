import OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { OpenAIUpstream } from '../fake-upstreams/openai-upstream.js';
import { params, apiError, expectOpenAIErrorShape, expectStillServes, postRaw } from '../support/openai-errors.js';
import { closedPort, openaiConfig, type StartedGateway, startGateway } from '../support/start-gateway.js';
import { upstreamAndGatewayPerTest } from '../support/upstream-and-gateway.js';

describe('errors of the upstream, as OpenAI clients see them', () => {
  const fixture = upstreamAndGatewayPerTest();
  let upstream: OpenAIUpstream | undefined;

  async function start(network: Record<string, unknown> = {}, routing?: Record<string, unknown>): Promise<StartedGateway> {
    const started = await fixture.start((url) => ({ config: { ...openaiConfig(url, { network }), ...(routing && { routing }) } }));
    upstream = started.upstream;
    return started.served;
  }

  it('keeps an upstream 429 a 429 with its retry-after and code rate_limited', async () => {
    const gateway = await start();
    upstream!.script({ status: 429, headers: { 'retry-after': '7' } });
    const error = await apiError(gateway.client().chat.completions.create(params));

    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.status).toBe(429);
    expect(error.code).toBe('rate_limited');
    expect(error.type).toBe('rate_limit_error');
    expect(error.headers?.get('retry-after')).toBe('7');
    expect(error.message).toContain('Rate limit reached');
    await expectStillServes(gateway);
  });

  it('turns an upstream 429 insufficient_quota into 429 provider_quota_exceeded', async () => {
    const gateway = await start();
    upstream!.script({ status: 429, error: { type: 'insufficient_quota', code: 'insufficient_quota', message: 'You exceeded your current quota.' } });
    const error = await apiError(gateway.client().chat.completions.create(params));

    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.code).toBe('provider_quota_exceeded');
  });

  it('turns an upstream 503 into 503 upstream_overloaded', async () => {
    const gateway = await start();
    upstream!.script({ status: 503 });
    const error = await apiError(gateway.client().chat.completions.create(params));

    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error.status).toBe(503);
    expect(error.code).toBe('upstream_overloaded');
    expect(error.message).toContain('HTTP 503');
    await expectStillServes(gateway);
  });

  it.each([500, 502])('turns an upstream %i into 502 upstream_error', async (status) => {
    const gateway = await start();
    upstream!.script({ status });
    const error = await apiError(gateway.client().chat.completions.create(params));

    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error.status).toBe(502);
    expect(error.code).toBe('upstream_error');
    expect(error.type).toBe('api_error');
    expect(error.message).toContain(`HTTP ${status}`);
    await expectStillServes(gateway);
  });

  it('turns an unreachable upstream into 502 upstream_unreachable', async () => {
    const port = await closedPort();
    const served = await startGateway({ config: openaiConfig(`http://127.0.0.1:${port}`) });
    onTestFinished(() => served.close());
    const error = await apiError(served.client().chat.completions.create(params));

    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error.status).toBe(502);
    expect(error.code).toBe('upstream_unreachable');
    expect(error.message).toContain('ECONNREFUSED');
    const again = await apiError(served.client().chat.completions.create(params));
    expect(again.code).toBe('upstream_unreachable');
  });

  it('turns an upstream slower than default_request_timeout_in_seconds into 504 upstream_timeout', async () => {
    const gateway = await start({ default_request_timeout_in_seconds: 0.2 });
    upstream!.script({ hang: true });
    const startedAt = Date.now();
    const error = await apiError(gateway.client().chat.completions.create(params));

    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error.status).toBe(504);
    expect(error.code).toBe('upstream_timeout');
    expect(error.type).toBe('timeout');
    expect(Date.now() - startedAt).toBeLessThan(2000);
    await expectStillServes(gateway);
  });

  it('times out a stream whose upstream stops sending between chunks', async () => {
    const gateway = await start({ default_request_timeout_in_seconds: 0.2 });
    upstream!.script({ stallAfterEvents: 3 });
    const response = await fetch(`${gateway.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...params, stream: true }),
    });
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(text).toContain('"content":"Hello"');
    expect(text).toContain('"code":"upstream_timeout"');
    expect(text).not.toContain('[DONE]');
  });

  it.each([401, 403])('turns an upstream %i into 502 provider_auth_failed', async (status) => {
    const gateway = await start();
    upstream!.script({ status });
    const error = await apiError(gateway.client().chat.completions.create(params));

    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error.status).toBe(502);
    expect(error.code).toBe('provider_auth_failed');
    expect(error.message).toContain(`HTTP ${status}`);
  });

  it('turns an upstream 400 into 400 upstream_bad_request carrying the provider message and param', async () => {
    const gateway = await start();
    upstream!.script({ status: 400 });
    const error = await apiError(gateway.client().chat.completions.create(params));

    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.status).toBe(400);
    expect(error.code).toBe('upstream_bad_request');
    expect(error.param).toBe('temperature');
    expect(error.message).toContain("Invalid value for 'temperature': expected a number.");
  });

  it('turns an upstream 404 into 404 upstream_not_found', async () => {
    const gateway = await start();
    upstream!.script({ status: 404 });
    const error = await apiError(gateway.client().chat.completions.create(params));

    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error.code).toBe('upstream_not_found');
    expect(error.message).toContain('does not exist');
  });

  it('answers a stream whose upstream fails before the first chunk with an HTTP error, not a 200 stream', async () => {
    const gateway = await start();
    upstream!.script({ status: 500 });
    const error = await apiError(gateway.client().chat.completions.create({ ...params, stream: true }));

    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error.status).toBe(502);
    expect(error.code).toBe('upstream_error');
    expect(error.headers?.get('content-type')).toBe('application/json');

    upstream!.script({ status: 429, headers: { 'retry-after': '3' } });
    const limited = await apiError(gateway.client().chat.completions.create({ ...params, stream: true }));
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect(limited.headers?.get('retry-after')).toBe('3');
    await expectStillServes(gateway);
  });

  it('answers a stream request the gateway rejects with an HTTP error, not a 200 stream', async () => {
    const gateway = await start();
    const error = await apiError(gateway.client().chat.completions.create({ ...params, model: 'openai/', stream: true }));

    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.code).toBe('invalid_model');
  });

  it('ends a stream the upstream cuts mid-way with the chunks before it and an in-band error the SDK throws', async () => {
    const gateway = await start();
    upstream!.script({ destroyAfterEvents: 3 });
    const stream = await gateway.client().chat.completions.create({ ...params, stream: true });
    const received: ChatCompletionChunk[] = [];
    const error = await apiError(
      (async () => {
        for await (const chunk of stream) received.push(chunk);
      })(),
    );

    expect(received.flatMap((chunk) => chunk.choices.map((choice) => choice.delta.content ?? ''))).toEqual(['', 'Hello', ' from']);
    expect(error.code).toBe('upstream_unreachable');
    expect(error.type).toBe('api_error');
    await expectStillServes(gateway);
  });

  it('ends the raw event stream of a cut upstream with an OpenAI error event and no [DONE]', async () => {
    const gateway = await start();
    upstream!.script({ destroyAfterEvents: 3 });
    const response = await fetch(`${gateway.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...params, stream: true }),
    });
    const events = (await response.text()).split('\n\n').filter((event) => event !== '');

    expect(response.status).toBe(200);
    expect(events).toHaveLength(4);
    expect(events.slice(0, 3).every((event) => JSON.parse(event.slice(6)).object === 'chat.completion.chunk')).toBe(true);
    const last = JSON.parse(events[3].slice('data: '.length));
    expectOpenAIErrorShape(last);
    expect(last.error.code).toBe('upstream_unreachable');
    expect(events).not.toContain('data: [DONE]');
  });

  it('passes an in-band error event of the upstream on as an error event', async () => {
    const gateway = await start();
    upstream!.script({ errorEventAfterEvents: 2, error: { message: 'The model produced invalid content.', type: 'server_error' } });
    const stream = await gateway.client().chat.completions.create({ ...params, stream: true });
    const texts: string[] = [];
    const error = await apiError(
      (async () => {
        for await (const chunk of stream) texts.push(chunk.choices[0]?.delta.content ?? '');
      })(),
    );

    expect(texts).toEqual(['', 'Hello']);
    expect(error.code).toBe('upstream_error');
    expect(error.message).toContain('The model produced invalid content.');
  });

  it('turns an upstream 200 whose body is not JSON into 502 upstream_invalid_response', async () => {
    const gateway = await start();
    upstream!.script({ rawBody: '<html>upstream proxy page</html>', contentType: 'text/html' });
    const error = await apiError(gateway.client().chat.completions.create(params));

    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error.status).toBe(502);
    expect(error.code).toBe('upstream_invalid_response');
  });

  it('keeps the text of an upstream error page that is not JSON as the message', async () => {
    const gateway = await start();
    upstream!.script({ status: 502, rawBody: '<html><body>502 Bad Gateway (nginx)</body></html>', contentType: 'text/html' });
    const error = await apiError(gateway.client().chat.completions.create(params));

    expect(error.status).toBe(502);
    expect(error.code).toBe('upstream_error');
    expect(error.message).toContain('502 Bad Gateway (nginx)');
  });

  it('passes the retry-after of an upstream 503 on with its 503', async () => {
    const gateway = await start();
    upstream!.script({ status: 503, headers: { 'retry-after': '12' } });
    const error = await apiError(gateway.client().chat.completions.create(params));

    expect(error.status).toBe(503);
    expect(error.headers?.get('retry-after')).toBe('12');
  });

  it('answers a stream whose first upstream event is not JSON with an HTTP 502 upstream_invalid_response', async () => {
    const gateway = await start();
    upstream!.script({ rawBody: 'data: this is not json\n\n', contentType: 'text/event-stream' });
    const error = await apiError(gateway.client().chat.completions.create({ ...params, stream: true }));

    expect(error.status).toBe(502);
    expect(error.code).toBe('upstream_invalid_response');
  });

  it('answers a stream flag that is not a boolean with 400 invalid_request on param stream', async () => {
    const gateway = await start();
    const { response, body } = await postRaw(gateway, JSON.stringify({ ...params, stream: 'yes' }));

    expect(response.status).toBe(400);
    expect((body as { error: { code: string; param: string } }).error).toMatchObject({ code: 'invalid_request', param: 'stream' });
    expect(upstream!.requests).toHaveLength(0);
  });

  it('turns an upstream embeddings 400 into 400 upstream_bad_request', async () => {
    const gateway = await start();
    upstream!.script({ status: 400, error: { message: "'input' is too long.", param: 'input' } });
    const error = await apiError(gateway.client().embeddings.create({ model: 'openai/text-embedding-3-small', input: 'x' }));

    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.code).toBe('upstream_bad_request');
    expect(error.param).toBe('input');
  });

  it('keeps serving after a run of upstream failures of every kind', async () => {
    // a circuit that stays closed: this checks that nothing is left stuck (circuit-breaking.test.ts covers the breaker)
    const gateway = await start({ default_request_timeout_in_seconds: 0.2 }, { circuit_breaker: { consecutive_failures: 100 } });
    const behaviours = [
      { status: 500 },
      { status: 401 },
      { status: 429 },
      { status: 400 },
      { hang: true },
      { destroyAfterEvents: 0 },
      { destroyAfterEvents: 2 },
    ];
    for (const behaviour of behaviours) {
      upstream!.script(behaviour);
      await gateway.client().chat.completions.create(params).catch(() => undefined);
      upstream!.script(behaviour);
      const stream = await gateway.client().chat.completions.create({ ...params, stream: true }).catch(() => undefined);
      if (stream) await (async () => {
        for await (const _ of stream);
      })().catch(() => undefined);
    }

    await expectStillServes(gateway);
    const chunks: string[] = [];
    for await (const chunk of await gateway.client().chat.completions.create({ ...params, stream: true })) chunks.push(chunk.choices[0]?.delta.content ?? '');
    expect(chunks.join('')).toBe('Hello from the fake upstream.');
  });
});
