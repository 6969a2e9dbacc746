import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { capturingLogger, fakeProvidersPerTest } from '../support/fake-providers.js';

const question = { messages: [{ role: 'user' as const, content: 'Hello?' }] };

/** A chat request for `model`, with the gateway's own `fallbacks` field when given. */
function params(model: string, fallbacks?: string[]): ChatCompletionCreateParamsNonStreaming {
  return { model, ...question, ...(fallbacks ? { fallbacks } : {}) } as ChatCompletionCreateParamsNonStreaming;
}

async function apiError(call: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  const error = await call.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(OpenAI.APIError);
  return error as InstanceType<typeof OpenAI.APIError>;
}

describe('fallbacks', () => {
  const providers = fakeProvidersPerTest();

  it('falls back to the request’s fallbacks in order, and says which target served', async () => {
    const { fakes, served } = await providers.start(['alpha', 'beta', 'gamma'], (config) => ({ config: { providers: config } }));
    fakes.alpha.script({ status: 503 });
    fakes.beta.script({ status: 500 });

    const { data, response } = await served
      .client()
      .chat.completions.create(params('alpha/gpt-4o-mini', ['beta/gpt-4o', 'gamma/gpt-4o-mini']))
      .withResponse();

    expect(data.choices[0].message.content).toBe('Hello from the fake upstream.');
    expect([fakes.alpha.requests.length, fakes.beta.requests.length, fakes.gamma.requests.length]).toEqual([1, 1, 1]);
    expect(response.headers.get('x-switchyard-provider')).toBe('gamma');
    expect(response.headers.get('x-switchyard-model')).toBe('gpt-4o-mini');
    expect(response.headers.get('x-switchyard-attempts')).toBe('3');
    expect(response.headers.get('x-switchyard-fallback-index')).toBe('2');
    expect(fakes.beta.requests[0].body.model).toBe('gpt-4o');
    for (const fake of [fakes.alpha, fakes.beta, fakes.gamma]) expect(fake.requests[0].body).not.toHaveProperty('fallbacks');
  });

  it('gives each target its own retry budget (its provider’s max_retries)', async () => {
    const { fakes, served } = await providers.start(['alpha', 'beta'], (config) => ({ config: { providers: config } }), {
      alpha: { max_retries: 2 },
      beta: { max_retries: 1 },
    });
    fakes.alpha.script({ status: 503 }, { times: 3 });
    fakes.beta.script({ status: 503 });

    const response = await served.client().chat.completions.create(params('alpha/gpt-4o-mini', ['beta/gpt-4o-mini'])).asResponse();

    expect(response.status).toBe(200);
    expect(fakes.alpha.requests).toHaveLength(3);
    expect(fakes.beta.requests).toHaveLength(2);
    expect(response.headers.get('x-switchyard-attempts')).toBe('5');
    expect(response.headers.get('x-switchyard-provider')).toBe('beta');
  });

  it('never falls back on a caller error (an upstream 400)', async () => {
    const { fakes, served } = await providers.start(['alpha', 'beta'], (config) => ({ config: { providers: config } }));
    fakes.alpha.script({ status: 400 });

    const error = await apiError(served.client().chat.completions.create(params('alpha/gpt-4o-mini', ['beta/gpt-4o-mini'])));

    expect(error.status).toBe(400);
    expect(error.code).toBe('upstream_bad_request');
    expect(fakes.beta.requests).toHaveLength(0);
  });

  it('falls back when the provider refuses the gateway’s key (401) or rate limits it (429)', async () => {
    const { fakes, served } = await providers.start(['alpha', 'beta', 'gamma'], (config) => ({ config: { providers: config } }));
    fakes.alpha.script({ status: 401 });
    fakes.beta.script({ status: 429 });

    const response = await served.client().chat.completions.create(params('alpha/gpt-4o-mini', ['beta/gpt-4o-mini', 'gamma/gpt-4o-mini'])).asResponse();

    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-provider')).toBe('gamma');
  });

  it('answers with the primary’s error when every target fails, and logs every attempt at warn', async () => {
    const { logger, lines } = capturingLogger();
    const { fakes, served } = await providers.start(['alpha', 'beta'], (config) => ({ config: { providers: config }, logger }));
    fakes.alpha.script({ status: 500, error: { message: 'alpha is down' } });
    fakes.beta.script({ status: 429, error: { message: 'beta is busy' } });

    const error = await apiError(served.client().chat.completions.create(params('alpha/gpt-4o-mini', ['beta/gpt-4o-mini'])));

    expect(error.status).toBe(502);
    expect(error.code).toBe('upstream_error');
    expect(error.message).toContain('alpha is down');
    expect(error.headers?.get('x-switchyard-provider')).toBe('alpha');
    expect(error.headers?.get('x-switchyard-attempts')).toBe('2');
    const logged = lines().find((line) => line.msg === 'every target of the request failed');
    expect(logged?.level).toBe(40);
    expect(logged?.attempts).toEqual([
      { target: 'alpha/gpt-4o-mini', code: 'upstream_error' },
      { target: 'beta/gpt-4o-mini', code: 'rate_limited' },
    ]);
  });

  it('takes routing.fallbacks from the config; the request’s own fallbacks replace them', async () => {
    const { fakes, served } = await providers.start(['alpha', 'beta', 'gamma'], (config) => ({
      config: { providers: config, routing: { fallbacks: { 'alpha/gpt-4o-mini': ['beta/gpt-4o-mini'] } } },
    }));
    fakes.alpha.script({ status: 503 }, { times: 2 });

    const fromConfig = await served.client().chat.completions.create(params('alpha/gpt-4o-mini')).asResponse();
    expect(fromConfig.headers.get('x-switchyard-provider')).toBe('beta');
    expect(fromConfig.headers.get('x-switchyard-fallback-index')).toBe('1');

    const fromRequest = await served.client().chat.completions.create(params('alpha/gpt-4o-mini', ['gamma/gpt-4o-mini'])).asResponse();
    expect(fromRequest.headers.get('x-switchyard-provider')).toBe('gamma');
    expect(fakes.beta.requests).toHaveLength(1);
  });

  it('refuses fallbacks that are not a list of model names, and names the one it cannot route', async () => {
    const { served } = await providers.start(['alpha'], (config) => ({ config: { providers: config } }));

    const malformed = await apiError(served.client().chat.completions.create({ ...params('alpha/gpt-4o-mini'), fallbacks: 'beta/x' } as ChatCompletionCreateParamsNonStreaming));
    expect(malformed.status).toBe(400);
    expect(malformed.param).toBe('fallbacks');

    const unknown = await apiError(served.client().chat.completions.create(params('alpha/gpt-4o-mini', ['nowhere/gpt-4o'])));
    expect(unknown.status).toBe(400);
    expect(unknown.param).toBe('fallbacks');
    expect(unknown.message).toContain('fallbacks[0]');
  });

  it('refuses at start a config fallback that names no configured provider', async () => {
    await expect(
      providers.start(['alpha'], (config) => ({ config: { providers: config, routing: { fallbacks: { 'alpha/gpt-4o-mini': ['nowhere/gpt-4o'] } } } })),
    ).rejects.toThrow(/routing\.fallbacks\.alpha\/gpt-4o-mini\[0\]/);
  });

  it('falls back for embeddings too', async () => {
    const { fakes, served } = await providers.start(['alpha', 'beta'], (config) => ({
      config: { providers: config, routing: { fallbacks: { 'alpha/text-embedding-3-small': ['beta/text-embedding-3-small'] } } },
    }));
    fakes.alpha.script({ status: 503 });

    const { data, response } = await served.client().embeddings.create({ model: 'alpha/text-embedding-3-small', input: 'hi' }).withResponse();

    expect(data.data).toHaveLength(1);
    expect(response.headers.get('x-switchyard-provider')).toBe('beta');
  });
});

describe('virtual models', () => {
  const providers = fakeProvidersPerTest();
  let draw = 0.1;
  const random = () => draw;
  const smart = { strategy: 'weighted', targets: [{ model: 'alpha/gpt-4o-mini', weight: 3 }, { model: 'beta/gpt-4o', weight: 1 }], fallbacks: ['gamma/gpt-4o-mini'] };

  it('routes an alias to its targets by weight (with an injected random source)', async () => {
    const { fakes, served } = await providers.start(['alpha', 'beta', 'gamma'], (config) => ({ config: { providers: config, routing: { virtual_models: { smart } } }, random }));

    draw = 0.1;
    const first = await served.client().chat.completions.create(params('smart')).asResponse();
    draw = 0.9;
    const second = await served.client().chat.completions.create(params('smart')).asResponse();

    expect(first.headers.get('x-switchyard-provider')).toBe('alpha');
    expect(second.headers.get('x-switchyard-provider')).toBe('beta');
    expect(second.headers.get('x-switchyard-model')).toBe('gpt-4o');
    expect(second.headers.get('x-switchyard-fallback-index')).toBeNull();
    expect(fakes.beta.requests[0].body.model).toBe('gpt-4o');
  });

  it('tries the other targets when the chosen one fails, then the virtual model’s fallbacks', async () => {
    const { fakes, served } = await providers.start(['alpha', 'beta', 'gamma'], (config) => ({ config: { providers: config, routing: { virtual_models: { smart } } }, random }));
    draw = 0.1;
    fakes.alpha.script({ status: 503 }, { times: 2 });

    const toBeta = await served.client().chat.completions.create(params('smart')).asResponse();
    expect(toBeta.headers.get('x-switchyard-provider')).toBe('beta');
    expect(toBeta.headers.get('x-switchyard-fallback-index')).toBe('1');

    fakes.beta.script({ status: 503 });

    const toGamma = await served.client().chat.completions.create(params('smart')).asResponse();
    expect(toGamma.headers.get('x-switchyard-provider')).toBe('gamma');
    expect(toGamma.headers.get('x-switchyard-fallback-index')).toBe('2');
    expect(toGamma.headers.get('x-switchyard-attempts')).toBe('3');
    expect([fakes.alpha.requests.length, fakes.beta.requests.length, fakes.gamma.requests.length]).toEqual([2, 2, 1]);
  });

  it('is listed by GET /v1/models, and serves the text completions and Responses APIs', async () => {
    const { fakes, served } = await providers.start(['alpha', 'beta', 'gamma'], (config) => ({ config: { providers: config, routing: { virtual_models: { smart } } }, random }));
    draw = 0.1;

    const models = await served.client().models.list();
    expect(models.data.map((model) => model.id)).toContain('smart');

    fakes.alpha.script({ status: 503 }, { times: 2 });
    const completion = await served.client().completions.create({ model: 'smart', prompt: 'Say hi' }).withResponse();
    expect(completion.response.headers.get('x-switchyard-provider')).toBe('beta');
    const answer = await served.client().responses.create({ model: 'smart', input: 'Say hi' }).withResponse();
    expect(answer.response.headers.get('x-switchyard-provider')).toBe('beta');
    expect(fakes.beta.requests.map((request) => request.path).filter((path) => path !== '/v1/models')).toEqual(['/v1/completions', '/v1/responses']);
  });

  it('refuses at start a target that names no configured provider', async () => {
    await expect(
      providers.start(['alpha'], (config) => ({ config: { providers: config, routing: { virtual_models: { smart: { targets: [{ model: 'nowhere/x' }] } } } } })),
    ).rejects.toThrow(/routing\.virtual_models\.smart\.targets\[0\]\.model/);
  });
});
