import OpenAI, { AzureOpenAI } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type OpenAIUpstream, startOpenAIUpstream } from '../fake-upstreams/openai-upstream.js';
import { openaiConfig, type StartedGateway, startGateway } from '../support/start-gateway.js';

const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Current weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

/** The error body OpenAI clients read: `{"error": {"message", "type", "param", "code"}}`. */
function expectOpenAIError(body: unknown, code: string): void {
  expect(Object.keys(body as object)).toEqual(['error']);
  const error = (body as { error: Record<string, unknown> }).error;
  expect(Object.keys(error).sort()).toEqual(['code', 'message', 'param', 'type']);
  expect(error.code).toBe(code);
}

async function apiError(call: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(OpenAI.APIError);
    return error as InstanceType<typeof OpenAI.APIError>;
  }
  throw new Error('expected the call to fail');
}

describe('the OpenAI and Azure OpenAI drop-in surface', () => {
  let upstream: OpenAIUpstream;
  let served: StartedGateway;

  beforeAll(async () => {
    upstream = await startOpenAIUpstream();
    served = await startGateway({ config: openaiConfig(upstream.url, { key: { models: ['gpt-4o-mini', 'gpt-4o', 'text-embedding-3-small'] } }) });
  });
  beforeEach(() => upstream.reset());
  afterAll(async () => {
    await served?.close();
    await upstream?.close();
  });

  const openai = (path = '/openai/v1') => new OpenAI({ apiKey: 'sk-caller', baseURL: `${served.origin}${path}`, maxRetries: 0 });
  const azure = (options: Partial<ConstructorParameters<typeof AzureOpenAI>[0]> = {}) =>
    new AzureOpenAI({ endpoint: served.origin, apiKey: 'azure-caller-key', apiVersion: '2024-10-21', maxRetries: 0, ...options });

  describe('the openai client with baseURL /openai/v1', () => {
    it('answers a chat', async () => {
      const completion = await openai().chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
      expect(completion.choices[0].message.content).toBe('Hello from the fake upstream.');
      expect(upstream.requests[0]).toMatchObject({ path: '/v1/chat/completions', body: { model: 'gpt-4o-mini' } });
      expect(upstream.requests[0].headers.authorization).toBe('Bearer sk-test');
    });

    it('streams a chat', async () => {
      upstream.script({ deltas: ['Hel', 'lo', '!'] });
      const stream = await openai().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], stream: true });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      expect(text).toBe('Hello!');
    });

    it('embeds', async () => {
      const response = await openai().embeddings.create({ model: 'openai/text-embedding-3-small', input: ['a', 'b'] });
      expect(response.data).toHaveLength(2);
      expect(response.data[0].embedding.length).toBeGreaterThan(0);
    });

    it('answers a Responses call', async () => {
      const response = await openai().responses.create({ model: 'openai/gpt-4o-mini', input: 'Hi' });
      expect(response.output_text).toBe('Hello from the fake upstream.');
      expect(upstream.requests[0].path).toBe('/v1/responses');
    });

    it('lists models, also without /v1', async () => {
      const ids = [];
      for await (const model of openai().models.list()) ids.push(model.id);
      expect(ids).toContain('openai/gpt-4o-mini');
      const bare = await openai('/openai').chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
      expect(bare.choices[0].message.content).toBe('Hello from the fake upstream.');
    });

    it('answers under /litellm and /langchain too', async () => {
      for (const path of ['/litellm/v1', '/langchain/v1', '/litellm/openai/v1', '/langchain/openai/v1']) {
        const completion = await openai(path).chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
        expect(completion.choices[0].message.content, path).toBe('Hello from the fake upstream.');
      }
    });
  });

  describe('the AzureOpenAI client with the gateway as its endpoint', () => {
    it('answers a chat on the deployment path, the deployment naming the model, with the configured key', async () => {
      const sent: Array<{ url: string; apiKey: string | null }> = [];
      const recording = (url: string | URL | Request, init?: RequestInit) => {
        sent.push({ url: String(url), apiKey: new Headers(init?.headers).get('api-key') });
        return fetch(url, init);
      };
      const completion = await azure({ fetch: recording }).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
      expect(completion.choices[0].message.content).toBe('Hello from the fake upstream.');
      expect(sent).toEqual([{ url: `${served.origin}/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21`, apiKey: 'azure-caller-key' }]);
      const request = upstream.requests[0];
      expect(request).toMatchObject({ path: '/v1/chat/completions', body: { model: 'gpt-4o-mini' } });
      expect(request.headers.authorization).toBe('Bearer sk-test');
      expect(request.headers['api-key']).toBeUndefined();
    });

    it('takes a provider/model deployment, and lets the deployment win over the body model', async () => {
      const client = azure({ deployment: 'openai/gpt-4o' });
      await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
      expect(upstream.requests[0].body.model).toBe('gpt-4o');
    });

    it('streams a tool call, its arguments assembled', async () => {
      const args = '{"city":"Paris","unit":"celsius"}';
      upstream.script({ deltas: [], argumentFragmentLength: 4, toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: args }] });
      const stream = await azure().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Weather in Paris?' }], tools: [weatherTool], stream: true });
      let assembled = '';
      let name: string | undefined;
      let finish: string | null | undefined;
      for await (const chunk of stream) {
        const choice = chunk.choices[0];
        if (!choice) continue;
        for (const call of choice.delta.tool_calls ?? []) {
          name ??= call.function?.name;
          assembled += call.function?.arguments ?? '';
        }
        finish = choice.finish_reason ?? finish;
      }
      expect(name).toBe('get_weather');
      expect(JSON.parse(assembled)).toEqual({ city: 'Paris', unit: 'celsius' });
      expect(finish).toBe('tool_calls');
      expect(upstream.requests[0].body).toMatchObject({ model: 'gpt-4o-mini', stream: true, tools: [weatherTool] });
    });

    it('embeds on the deployment path', async () => {
      const response = await azure().embeddings.create({ model: 'text-embedding-3-small', input: 'hello' });
      expect(response.data).toHaveLength(1);
      expect(upstream.requests[0]).toMatchObject({ path: '/v1/embeddings', body: { model: 'text-embedding-3-small' } });
    });

    it('answers a legacy completion on the deployment path', async () => {
      const response = await azure().completions.create({ model: 'openai/gpt-4o-mini', prompt: 'Say hi' });
      expect(response.choices[0].text.length).toBeGreaterThan(0);
      expect(upstream.requests[0]).toMatchObject({ path: '/v1/completions', body: { model: 'gpt-4o-mini' } });
    });

    it('answers on the Responses and models routes, which have no deployment in their paths', async () => {
      const response = await azure().responses.create({ model: 'openai/gpt-4o-mini', input: 'Hi' });
      expect(response.output_text).toBe('Hello from the fake upstream.');
      const ids = [];
      for await (const model of azure().models.list()) ids.push(model.id);
      expect(ids).toContain('openai/gpt-4o');
    });

    it('refuses an unknown deployment in OpenAI’s error shape', async () => {
      const error = await apiError(azure().chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'Hi' }] }));
      expect(error.status).toBe(400);
      expectOpenAIError(error.error === undefined ? undefined : { error: error.error }, 'invalid_model');
      expect(upstream.requests).toHaveLength(0);
    });

    it('relays an upstream error in OpenAI’s shape', async () => {
      upstream.script({ status: 429, headers: { 'retry-after': '3' } });
      const error = await apiError(azure().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }));
      expect(error.status).toBe(429);
      expect(error.headers?.get('retry-after')).toBe('3');
    });
  });

  describe('errors on the prefixed routes', () => {
    const post = (path: string, body: string) => fetch(`${served.origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

    it('answers invalid JSON with 400 invalid_json, on every prefix and the deployment path', async () => {
      for (const path of ['/openai/v1/chat/completions', '/openai/chat/completions', '/litellm/v1/chat/completions', '/langchain/v1/embeddings', '/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21']) {
        const response = await post(path, '{not json');
        expect(response.status, path).toBe(400);
        expectOpenAIError(await response.json(), 'invalid_json');
      }
    });

    it('answers a request missing its messages with 400 invalid_request', async () => {
      const response = await post('/openai/deployments/gpt-4o-mini/chat/completions', '{}');
      expect(response.status).toBe(400);
      expectOpenAIError(await response.json(), 'invalid_request');
    });

    it('answers an unknown path under /openai with 404 route_not_found', async () => {
      const response = await post('/openai/deployments/gpt-4o-mini/images/generations', '{}');
      expect(response.status).toBe(404);
      expectOpenAIError(await response.json(), 'route_not_found');
    });

    it('answers a GET on a deployment path with 405', async () => {
      const response = await fetch(`${served.origin}/openai/deployments/gpt-4o-mini/chat/completions`);
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
      expectOpenAIError(await response.json(), 'method_not_allowed');
    });

    it('ends a stream that fails midway with an in-stream error', async () => {
      upstream.script({ deltas: ['a', 'b', 'c'], errorEventAfterEvents: 2 });
      const stream = await openai().chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], stream: true });
      const error = await apiError(
        (async () => {
          for await (const chunk of stream) void chunk;
        })(),
      );
      expect(error.message.length).toBeGreaterThan(0);
    });
  });
});
