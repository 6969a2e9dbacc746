import type { IncomingHttpHeaders } from 'node:http';
import OpenAI, { AzureOpenAI } from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRequestContext } from '../../src/index.js';
import { type AnthropicUpstream, startAnthropicUpstream } from '../fake-upstreams/anthropic-upstream.js';
import { type BedrockUpstream, startBedrockUpstream } from '../fake-upstreams/bedrock-upstream.js';
import { type GeminiUpstream, startGeminiUpstream } from '../fake-upstreams/gemini-upstream.js';
import { type OpenAIUpstream, startOpenAIUpstream } from '../fake-upstreams/openai-upstream.js';
import { type StartedGateway, startGateway } from '../support/start-gateway.js';

const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const claudeOnBedrock = 'anthropic.claude-3-5-sonnet-20240620-v1:0';

/** Headers a caller sends besides its credentials: two allowed, one denied, one not listed, one never forwarded. */
const callerHeaders = { 'x-trace-id': 'trace-1', 'X-Tenant': 'acme', 'x-trace-secret': 'hidden', 'x-other': 'other', cookie: 'session=1', 'x-api-key': 'sk-caller-ant' };

interface Upstreams {
  openai: OpenAIUpstream;
  anthropic: AnthropicUpstream;
  bedrock: BedrockUpstream;
  gemini: GeminiUpstream;
}

async function startUpstreams(): Promise<Upstreams> {
  const [openai, anthropic, bedrock, gemini] = await Promise.all([
    startOpenAIUpstream(),
    startAnthropicUpstream({ apiKey: 'sk-ant-test' }),
    startBedrockUpstream({ credentials, apiKey: 'ABSK-caller' }),
    startGeminiUpstream({ apiKey: 'AIza-test' }),
  ]);
  return { openai, anthropic, bedrock, gemini };
}

/** One provider per adapter, each at its fake; OpenAI and Anthropic with two keys, so a failover would show. */
function providersAt(upstreams: Upstreams) {
  const network = (url: string) => ({ base_url: url, max_retries: 0 });
  return {
    openai: { keys: [{ name: 'o1', value: 'sk-test', weight: 1 }, { name: 'o2', value: 'sk-test-2', weight: 1 }], network_config: network(upstreams.openai.url) },
    anthropic: { keys: [{ name: 'a1', value: 'sk-ant-test', weight: 1 }], network_config: network(upstreams.anthropic.url) },
    bedrock: { keys: [{ name: 'aws', bedrock_key_config: { access_key: credentials.accessKeyId, secret_key: credentials.secretAccessKey, region: 'us-east-1' } }], network_config: network(upstreams.bedrock.url) },
    gemini: { keys: [{ name: 'g1', value: 'AIza-test', weight: 1 }], network_config: network(upstreams.gemini.url) },
  };
}

const models = {
  openai: 'openai/gpt-4o-mini',
  anthropic: 'anthropic/claude-sonnet-4-5-20250929',
  bedrock: `bedrock/${claudeOnBedrock}`,
  gemini: 'gemini/gemini-2.5-flash',
} as const;

function lastHeaders(upstreams: Upstreams, provider: keyof Upstreams): IncomingHttpHeaders {
  return upstreams[provider].requests.at(-1)!.headers;
}

describe('caller headers forwarded upstream (client.header_filter_config)', () => {
  let upstreams: Upstreams;
  let served: StartedGateway;
  let client: OpenAI;

  beforeAll(async () => {
    upstreams = await startUpstreams();
    served = await startGateway({
      config: {
        client: { header_filter_config: { allowlist: ['x-trace-*', 'x-tenant', 'authorization', 'x-api-key', 'cookie', 'host'], denylist: ['x-trace-secret'] } },
        providers: providersAt(upstreams),
      },
    });
    client = served.client({ apiKey: 'sk-caller', defaultHeaders: callerHeaders });
  });
  afterAll(async () => {
    await served?.close();
    await Promise.all(Object.values(upstreams ?? {}).map((upstream) => upstream.close()));
  });

  it.each(Object.keys(models) as Array<keyof typeof models>)('forwards allowed headers to the %s adapter, never denied ones or credentials', async (provider) => {
    await client.chat.completions.create({ model: models[provider], messages: [{ role: 'user', content: 'Hi' }], max_tokens: 32 });
    const headers = lastHeaders(upstreams, provider);
    expect(headers['x-trace-id']).toBe('trace-1');
    expect(headers['x-tenant']).toBe('acme');
    expect(headers['x-trace-secret']).toBeUndefined();
    expect(headers['x-other']).toBeUndefined();
    expect(headers.cookie).toBeUndefined();
    expect(headers.host).not.toBe(new URL(served.origin).host);
    expect(JSON.stringify(headers)).not.toContain('sk-caller');
  });

  it('keeps each adapter’s own credentials', () => {
    expect(lastHeaders(upstreams, 'openai').authorization).toMatch(/^Bearer sk-test(-2)?$/);
    expect(lastHeaders(upstreams, 'anthropic')['x-api-key']).toBe('sk-ant-test');
    expect(lastHeaders(upstreams, 'gemini')['x-goog-api-key']).toBe('AIza-test');
    expect(upstreams.bedrock.auth.at(-1)).toEqual({ kind: 'sigv4', accessKeyId: credentials.accessKeyId });
  });

  it('signs forwarded headers into a Bedrock SigV4 request', () => {
    expect(lastHeaders(upstreams, 'bedrock').authorization).toContain('x-tenant;x-trace-id,');
  });

  it('forwards on streams and embeddings too', async () => {
    const stream = await client.chat.completions.create({ model: models.gemini, messages: [{ role: 'user', content: 'Hi' }], stream: true });
    for await (const chunk of stream) void chunk;
    expect(lastHeaders(upstreams, 'gemini')['x-trace-id']).toBe('trace-1');
    await client.embeddings.create({ model: 'openai/text-embedding-3-small', input: 'hello' });
    expect(upstreams.openai.requests.at(-1)!.path).toBe('/v1/embeddings');
    expect(lastHeaders(upstreams, 'openai')['x-tenant']).toBe('acme');
  });

  it('adds a surface’s vendor headers (context.forwardHeaders), the denylist and the credential rule applying to them', async () => {
    const context = createRequestContext({ headers: { 'x-trace-id': 'library' } });
    context.forwardHeaders = { 'anthropic-beta': 'tools-2024-04-04', 'x-trace-secret': 'no', 'x-api-key': 'sk-caller-vendor' };
    await served.gateway.chat({ model: models.anthropic, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 16 }, { context });
    const headers = lastHeaders(upstreams, 'anthropic');
    expect(headers).toMatchObject({ 'anthropic-beta': 'tools-2024-04-04', 'x-trace-id': 'library', 'x-api-key': 'sk-ant-test' });
    expect(headers['x-trace-secret']).toBeUndefined();
  });
});

describe('without a header filter', () => {
  let upstreams: Upstreams;
  let served: StartedGateway;

  beforeAll(async () => {
    upstreams = await startUpstreams();
    served = await startGateway({ config: { providers: providersAt(upstreams) } });
  });
  afterAll(async () => {
    await served?.close();
    await Promise.all(Object.values(upstreams ?? {}).map((upstream) => upstream.close()));
  });

  it.each(Object.keys(models) as Array<keyof typeof models>)('forwards no caller header to the %s adapter', async (provider) => {
    const client = served.client({ apiKey: 'sk-caller', defaultHeaders: callerHeaders });
    await client.chat.completions.create({ model: models[provider], messages: [{ role: 'user', content: 'Hi' }], max_tokens: 32 });
    const headers = lastHeaders(upstreams, provider);
    for (const name of Object.keys(callerHeaders)) if (name !== 'x-api-key') expect(headers[name.toLowerCase()], name).toBeUndefined();
    expect(JSON.stringify(headers)).not.toContain('sk-caller');
  });
});

describe('direct keys (client.allow_direct_keys)', () => {
  let upstreams: Upstreams;
  let served: StartedGateway | undefined;

  beforeAll(async () => {
    upstreams = await startUpstreams();
  });
  afterEach(async () => {
    await served?.close();
    served = undefined;
    upstreams.openai.reset();
  });
  afterAll(async () => {
    await Promise.all(Object.values(upstreams ?? {}).map((upstream) => upstream.close()));
  });

  const start = async (allow: boolean) => {
    served = await startGateway({ config: { client: { allow_direct_keys: allow }, providers: providersAt(upstreams) } });
    return served;
  };
  const ask = (client: OpenAI, model: string) => client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 16 });

  it('when off, ignores the caller’s key and uses the configured ones', async () => {
    const gateway = await start(false);
    await ask(gateway.client({ apiKey: 'sk-caller' }), models.openai);
    expect(upstreams.openai.requests[0].headers.authorization).toMatch(/^Bearer sk-test(-2)?$/);
  });

  it('when on, uses the caller’s bearer token as the provider key', async () => {
    const gateway = await start(true);
    await ask(gateway.client({ apiKey: 'sk-caller' }), models.openai);
    expect(upstreams.openai.requests[0].headers.authorization).toBe('Bearer sk-caller');
  });

  it('when on, uses an AzureOpenAI client’s api-key', async () => {
    const gateway = await start(true);
    const azure = new AzureOpenAI({ endpoint: gateway.origin, apiKey: 'sk-azure-caller', apiVersion: '2024-10-21', maxRetries: 0 });
    await azure.chat.completions.create({ model: models.openai, messages: [{ role: 'user', content: 'Hi' }] });
    expect(upstreams.openai.requests[0].headers.authorization).toBe('Bearer sk-azure-caller');
  });

  it('when on, puts the caller’s key in each adapter’s own auth: Anthropic x-api-key, Bedrock bearer instead of SigV4', async () => {
    const gateway = await start(true);
    await ask(gateway.client({ apiKey: 'sk-ant-test' }), models.anthropic);
    expect(lastHeaders(upstreams, 'anthropic')['x-api-key']).toBe('sk-ant-test');
    await ask(gateway.client({ apiKey: 'ABSK-caller' }), models.bedrock);
    expect(upstreams.bedrock.auth.at(-1)).toEqual({ kind: 'bearer' });
    expect(lastHeaders(upstreams, 'bedrock').authorization).toBe('Bearer ABSK-caller');
  });

  it('when on, does not fail over to the configured keys when the provider refuses the caller’s key', async () => {
    const gateway = await start(true);
    upstreams.openai.script({ status: 401 });
    const failure = await ask(gateway.client({ apiKey: 'sk-wrong' }), models.openai).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect(failure).toMatchObject({ status: 401, code: 'direct_key_rejected', type: 'authentication_error' });
    expect(upstreams.openai.requests).toHaveLength(1);
    expect(upstreams.openai.requests[0].headers.authorization).toBe('Bearer sk-wrong');
  });

  it('when on, serves a model no configured key lists', async () => {
    served = await startGateway({
      config: { client: { allow_direct_keys: true }, providers: { openai: { keys: [{ value: 'sk-test', models: ['gpt-4o'] }], network_config: { base_url: upstreams.openai.url } } } },
    });
    await ask(served.client({ apiKey: 'sk-caller' }), 'openai/gpt-4o-mini');
    expect(upstreams.openai.requests[0]).toMatchObject({ body: { model: 'gpt-4o-mini' }, headers: { authorization: 'Bearer sk-caller' } });
  });
});
