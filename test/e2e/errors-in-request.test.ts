import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import type { OpenAIUpstream } from '../fake-upstreams/openai-upstream.js';
import { params, apiError, expectOpenAIErrorShape, expectStillServes } from '../support/openai-errors.js';
import { openaiConfig, type StartedGateway } from '../support/start-gateway.js';
import { upstreamAndGatewayPerTest } from '../support/upstream-and-gateway.js';

describe('errors the gateway finds in the request', () => {
  const fixture = upstreamAndGatewayPerTest();
  let upstream: OpenAIUpstream | undefined;

  async function start(overrides: Parameters<typeof openaiConfig>[1] = {}): Promise<StartedGateway> {
    const started = await fixture.start((url) => ({ config: openaiConfig(url, overrides) }));
    upstream = started.upstream;
    return started.served;
  }

  async function post(gateway: StartedGateway, path: string, body: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${gateway.baseURL}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { response, body: (await response.json()) as unknown };
  }

  it('answers malformed JSON with 400 invalid_json', async () => {
    const gateway = await start();
    const { response, body } = await post(gateway, '/chat/completions', '{"model": "openai/gpt-4o-mini", "messages": [');

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-request-id')).toBeTruthy();
    expectOpenAIErrorShape(body);
    expect(body.error).toMatchObject({ code: 'invalid_json', type: 'invalid_request_error' });
    expect(upstream!.requests).toHaveLength(0);
    await expectStillServes(gateway);
  });

  it('answers an empty body with 400 invalid_json', async () => {
    const gateway = await start();
    const { response, body } = await post(gateway, '/chat/completions', '');

    expect(response.status).toBe(400);
    expectOpenAIErrorShape(body);
    expect(body.error.code).toBe('invalid_json');
  });

  it('answers a JSON body that is not an object with 400 invalid_request', async () => {
    const gateway = await start();
    const { response, body } = await post(gateway, '/chat/completions', '[1, 2]');

    expect(response.status).toBe(400);
    expectOpenAIErrorShape(body);
    expect(body.error.code).toBe('invalid_request');
  });

  it('answers a request without a model with 400 invalid_model', async () => {
    const gateway = await start();
    const error = await apiError(gateway.client().chat.completions.create({ messages: params.messages } as ChatCompletionCreateParamsNonStreaming));

    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.status).toBe(400);
    expect(error.code).toBe('invalid_model');
    expect(error.param).toBe('model');
    expect(error.type).toBe('invalid_request_error');
  });

  it('answers a malformed provider/model with 400 invalid_model', async () => {
    const gateway = await start();
    for (const model of ['openai/', '/gpt-4o-mini', 'openai/ gpt-4o-mini']) {
      const error = await apiError(gateway.client().chat.completions.create({ ...params, model }));
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect(error.code).toBe('invalid_model');
      expect(error.message).toContain('malformed');
    }
    expect(upstream!.requests).toHaveLength(0);
  });

  it('answers a bare model name that no key lists with 400 invalid_model naming the provider/model form', async () => {
    const gateway = await start();
    const error = await apiError(gateway.client().chat.completions.create({ ...params, model: 'gpt-4o-mini' }));

    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.code).toBe('invalid_model');
    expect(error.message).toContain('openai/gpt-4o-mini');
  });

  it('answers an unknown provider with 404 provider_not_found', async () => {
    const gateway = await start();
    const error = await apiError(gateway.client().chat.completions.create({ ...params, model: 'nosuchprovider/some-model' }));

    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error.status).toBe(404);
    expect(error.code).toBe('provider_not_found');
    expect(error.message).toContain('nosuchprovider');
  });

  it('answers a model that no key serves with 404 model_not_found', async () => {
    const gateway = await start({ key: { models: ['gpt-4o'] } });
    const error = await apiError(gateway.client().chat.completions.create({ ...params, model: 'openai/gpt-4o-mini' }));

    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error.code).toBe('model_not_found');
    expect(error.headers?.get('x-switchyard-provider')).toBe('openai');
    expect(upstream!.requests).toHaveLength(0);
    const served = await gateway.client().chat.completions.create({ ...params, model: 'openai/gpt-4o' });
    expect(served.model).toBe('gpt-4o');
  });

  it('answers a body over client.max_request_body_size_mb with 413 body_too_large', async () => {
    const gateway = await start({ client: { max_request_body_size_mb: 0.01 } });
    const error = await apiError(gateway.client().chat.completions.create({ ...params, messages: [{ role: 'user', content: 'x'.repeat(20_000) }] }));

    expect(error.status).toBe(413);
    expect(error.code).toBe('body_too_large');
    expect(error.message).toContain(String(Math.floor(0.01 * 1024 * 1024)));
    expect(upstream!.requests).toHaveLength(0);
    await expectStillServes(gateway);
  });

  it('answers a body over the limit sent without content-length (chunked) with 413 body_too_large', async () => {
    const gateway = await start({ client: { max_request_body_size_mb: 0.01 } });
    const payload = new TextEncoder().encode(JSON.stringify({ ...params, messages: [{ role: 'user', content: 'y'.repeat(20_000) }] }));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < payload.length; at += 4096) controller.enqueue(payload.slice(at, at + 4096));
        controller.close();
      },
    });
    const response = await fetch(`${gateway.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);

    expect(response.status).toBe(413);
    const json = await response.json();
    expectOpenAIErrorShape(json);
    expect(json.error.code).toBe('body_too_large');
  });

  it('answers a wrong method with 405 and an allow header', async () => {
    const gateway = await start();
    const response = await fetch(`${gateway.baseURL}/chat/completions`);
    const body = await response.json();

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expectOpenAIErrorShape(body);
    expect(body.error.code).toBe('method_not_allowed');
  });

  it('answers an unknown path with 404 route_not_found, also through the SDK', async () => {
    const gateway = await start();
    const response = await fetch(`${gateway.baseURL}/no/such/route`, { method: 'POST', body: '{}' });
    const body = await response.json();

    expect(response.status).toBe(404);
    expectOpenAIErrorShape(body);
    expect(body.error.code).toBe('route_not_found');

    const error = await apiError(gateway.client().moderations.create({ model: 'openai/omni-moderation-latest', input: 'hi' }));
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error.code).toBe('route_not_found');
  });

  it('answers a request without messages with 400 invalid_request on param messages', async () => {
    const gateway = await start();
    const error = await apiError(gateway.client().chat.completions.create({ model: params.model } as ChatCompletionCreateParamsNonStreaming));

    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.code).toBe('invalid_request');
    expect(error.param).toBe('messages');
    const empty = await apiError(gateway.client().chat.completions.create({ ...params, messages: [] }));
    expect(empty.param).toBe('messages');
    expect(upstream!.requests).toHaveLength(0);
  });

  it('answers embeddings without input with 400 invalid_request on param input', async () => {
    const gateway = await start();
    const error = await apiError(gateway.client().embeddings.create({ model: 'openai/text-embedding-3-small', input: [] }));

    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.code).toBe('invalid_request');
    expect(error.param).toBe('input');
  });
});
