import type { Model } from 'openai/resources/models';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { EmbeddingResponse, Plugin } from '../../src/index.js';
import { fakeEmbedding, type OpenAIUpstream } from '../fake-upstreams/openai-upstream.js';
import { upstreamAndGatewayPerTest } from '../support/upstream-and-gateway.js';
import { openaiConfig, type StartedGateway, startGateway } from '../support/start-gateway.js';

describe('embeddings and the model list through the official OpenAI SDK', () => {
  const fixture = upstreamAndGatewayPerTest();
  let upstream: OpenAIUpstream | undefined;

  async function start(config: (url: string) => Record<string, unknown>, models?: string[]): Promise<StartedGateway> {
    const started = await fixture.start((url) => ({ config: config(url) }), { models });
    upstream = started.upstream;
    return started.served;
  }

  it('returns float embeddings as the upstream computed them, for every input', async () => {
    const gateway = await start((url) => openaiConfig(url));
    const response = await gateway.client().embeddings.create({ model: 'openai/text-embedding-3-small', input: ['alpha', 'beta'], encoding_format: 'float' });

    expect(response.object).toBe('list');
    expect(response.model).toBe('text-embedding-3-small');
    expect(response.data.map((entry) => entry.embedding)).toEqual([fakeEmbedding(0), fakeEmbedding(1)]);
    expect(response.data.map((entry) => entry.index)).toEqual([0, 1]);
    expect(response.usage).toEqual({ prompt_tokens: 6, total_tokens: 6 });
    expect(upstream!.requests[0].body).toEqual({ model: 'text-embedding-3-small', input: ['alpha', 'beta'], encoding_format: 'float' });
    expect(upstream!.requests[0].headers.authorization).toBe('Bearer sk-test');
  });

  it('passes base64 embeddings through untouched when the caller asks for base64', async () => {
    const gateway = await start((url) => openaiConfig(url));
    const response = await gateway.client().embeddings.create({ model: 'openai/text-embedding-3-small', input: 'alpha', encoding_format: 'base64', dimensions: 3 });

    const expected = Buffer.from(new Float32Array(fakeEmbedding(0, 3)).buffer).toString('base64');
    expect(response.data[0].embedding).toBe(expected);
    expect(upstream!.requests[0].body).toMatchObject({ encoding_format: 'base64', dimensions: 3 });
  });

  it('serves the SDK default (base64 on the wire, decoded by the SDK) with the upstream values', async () => {
    const gateway = await start((url) => openaiConfig(url));
    const response = await gateway.client().embeddings.create({ model: 'openai/text-embedding-3-small', input: 'alpha' });

    expect(upstream!.requests[0].body.encoding_format).toBe('base64');
    expect(Array.from(response.data[0].embedding)).toEqual(fakeEmbedding(0));
  });

  it('lists the models keys name, and for a key that serves every model the upstream list, as provider/model', async () => {
    const gateway = await start(
      (url) => ({
        providers: {
          openai: {
            keys: [
              { name: 'listed', value: 'sk-listed', models: ['gpt-4.1', 'o3-mini'], weight: 1 },
              { name: 'open', value: 'sk-open', models: [], weight: 1 },
            ],
            network_config: { base_url: url, max_retries: 0 },
          },
          mock: { keys: [] },
        },
      }),
      ['gpt-4o-mini', 'text-embedding-3-small'],
    );

    const models: Model[] = [];
    for await (const model of gateway.client().models.list()) models.push(model);

    expect(models.map((model) => model.id).sort()).toEqual(
      ['mock/echo', 'openai/gpt-4.1', 'openai/gpt-4o-mini', 'openai/o3-mini', 'openai/text-embedding-3-small'].sort(),
    );
    expect(models.every((model) => model.object === 'model')).toBe(true);
    expect(models.find((model) => model.id === 'openai/gpt-4.1')?.owned_by).toBe('openai');
    const listCalls = upstream!.requests.filter((request) => request.path === '/v1/models');
    expect(listCalls).toHaveLength(1);
    expect(listCalls[0].method).toBe('GET');
    expect(listCalls[0].headers.authorization).toBe('Bearer sk-open');
  });

  it('lists only the named models, without asking the upstream, when every key names its models', async () => {
    const gateway = await start((url) => openaiConfig(url, { key: { models: ['gpt-4o', 'gpt-4o-mini'] } }));

    const page = await gateway.client().models.list();

    expect(page.data.map((model) => model.id)).toEqual(['openai/gpt-4o', 'openai/gpt-4o-mini']);
    expect(upstream!.requests).toHaveLength(0);
  });

  it('still lists the named models when the upstream model list fails', async () => {
    const gateway = await start(
      (url) => ({
        providers: {
          openai: {
            keys: [
              { name: 'listed', value: 'sk-listed', models: ['gpt-4.1'], weight: 1 },
              { name: 'open', value: 'sk-open', models: [], weight: 1 },
            ],
            network_config: { base_url: url, max_retries: 0 },
          },
        },
      }),
    );
    upstream!.script({ status: 500 }, { path: '/v1/models' });

    const page = await gateway.client().models.list();

    expect(page.data.map((model) => model.id)).toEqual(['openai/gpt-4.1']);
  });

  it('embeds with the mock provider the same vector in float and in the SDK default base64', async () => {
    const mock = await startGateway({ config: { providers: { mock: { keys: [] } } } });
    onTestFinished(() => mock.close());
    const client = mock.client();

    const floats = await client.embeddings.create({ model: 'mock/embed', input: 'red green', encoding_format: 'float' });
    const decoded = await client.embeddings.create({ model: 'mock/embed', input: 'red green' });
    const raw = await client.embeddings.create({ model: 'mock/embed', input: 'red green', encoding_format: 'base64', dimensions: 8 });

    expect(floats.data[0].embedding).toHaveLength(64);
    const expected = Array.from(new Float32Array(floats.data[0].embedding));
    expect(Array.from(decoded.data[0].embedding)).toEqual(expected);
    expect(typeof raw.data[0].embedding).toBe('string');
    expect(Buffer.from(raw.data[0].embedding as unknown as string, 'base64')).toHaveLength(8 * 4);
  });

  it('lists one provider\'s models with ?provider=name, and answers 404 provider_not_found for an unknown one', async () => {
    const gateway = await start((url) => ({
      providers: {
        openai: { keys: [{ name: 'listed', value: 'sk-listed', models: ['gpt-4.1'], weight: 1 }], network_config: { base_url: url, max_retries: 0 } },
        mock: { keys: [] },
      },
    }));

    const page = await gateway.client().models.list({ query: { provider: 'mock' } });
    const unknown = await fetch(`${gateway.baseURL}/models?provider=nope`);
    const library = await gateway.gateway.listModels({ provider: 'OpenAI' });

    expect(page.data.map((model) => model.id)).toEqual(['mock/echo']);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'provider_not_found' } });
    expect(library.data.map((model) => model.id)).toEqual(['openai/gpt-4.1']);
    await expect(gateway.gateway.listModels({ provider: 'nope' })).rejects.toMatchObject({ code: 'provider_not_found', status: 404 });
  });

  it('encodes float vectors as base64 float32 when the caller asks base64, which the SDK decodes to the same values', async () => {
    // A plugin answering with float vectors stands for any provider that returns floats whatever the encoding asked.
    const vectors = [
      [0.25, -0.5, 1.5],
      [0.125, 2, -3],
    ];
    const floats: Plugin = {
      name: 'float-embeddings',
      onRequest: ({ operation }) =>
        operation === 'embed'
          ? { response: { object: 'list', model: 'floaty', data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })), usage: { prompt_tokens: 2, total_tokens: 2 } } satisfies EmbeddingResponse }
          : undefined,
    };
    const gateway = await startGateway({ config: { providers: { mock: { keys: [] } } }, plugins: [floats] });
    onTestFinished(() => gateway.close());

    const decoded = await gateway.client().embeddings.create({ model: 'mock/embed', input: ['a', 'b'] });
    const raw = await gateway.client().embeddings.create({ model: 'mock/embed', input: ['a', 'b'], encoding_format: 'base64' });
    const plain = await gateway.client().embeddings.create({ model: 'mock/embed', input: ['a', 'b'], encoding_format: 'float' });

    expect(decoded.data.map((entry) => Array.from(entry.embedding))).toEqual(vectors);
    expect(raw.data[0].embedding).toBe(Buffer.from(new Float32Array(vectors[0]).buffer).toString('base64'));
    expect(plain.data.map((entry) => entry.embedding)).toEqual(vectors);
  });
});
