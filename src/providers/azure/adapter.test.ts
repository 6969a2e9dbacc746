import { describe, expect, it } from 'vitest';
import type { ChatRequest, EmbeddingRequest, ResponsesRequest } from '../../api/index.js';
import type { UpstreamClient, UpstreamRequest, UpstreamResponse } from '../../http/upstream-client.js';
import type { AdapterCall, ProviderKey, ProviderSettings } from '../contract.js';
import { azureAdapter } from './adapter.js';
import { checkAzureKey, defaultAzureApiVersion } from './settings.js';
import { toAzureUrl } from './url.js';

/** An `UpstreamClient` stand-in: records each request and answers `body` as JSON. */
function fakeHttp(body: string): { http: UpstreamClient; sent: UpstreamRequest[] } {
  const sent: UpstreamRequest[] = [];
  const send = (request: UpstreamRequest): Promise<UpstreamResponse> => {
    sent.push(request);
    return Promise.resolve({ status: 200, headers: { 'content-type': 'application/json' }, body: { text: () => Promise.resolve(body) } as unknown as UpstreamResponse['body'] });
  };
  return { http: { send } as unknown as UpstreamClient, sent };
}

const key = (config?: Record<string, unknown>, extra: Partial<ProviderKey> = {}): ProviderKey => ({
  name: 'k1',
  value: 'azure-secret',
  models: [],
  weight: 1,
  ...(config ? { azure_key_config: config } : {}),
  ...extra,
});
const settings = (custom?: string): ProviderSettings => ({
  provider: 'azure',
  baseUrl: custom ?? 'https://{resource}.openai.azure.com',
  customBaseUrl: custom !== undefined,
  extraHeaders: {},
  timeoutMs: 5000,
});
function callOf<Request>(request: Request, http: UpstreamClient, withKey: ProviderKey, withSettings = settings()): AdapterCall<Request> {
  return { request, key: withKey, settings: withSettings, http, signal: undefined, warnings: [] };
}

const chatAnswer = JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'gpt-4o', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }] });

describe('Azure URLs', () => {
  const endpoint = { endpoint: 'https://contoso.openai.azure.com/', api_version: '2025-04-01-preview', deployments: { 'gpt-4o': 'prod-4o' } };

  it('calls the deployment of the model with the api-version, for chat, embeddings and completions', () => {
    const context = { key: key(endpoint), settings: settings(), request: { model: 'gpt-4o' } };
    expect(toAzureUrl(context, 'chat')).toBe('https://contoso.openai.azure.com/openai/deployments/prod-4o/chat/completions?api-version=2025-04-01-preview');
    expect(toAzureUrl(context, 'embeddings')).toBe('https://contoso.openai.azure.com/openai/deployments/prod-4o/embeddings?api-version=2025-04-01-preview');
    expect(toAzureUrl(context, 'completions')).toBe('https://contoso.openai.azure.com/openai/deployments/prod-4o/completions?api-version=2025-04-01-preview');
  });

  it('calls the Responses API on the v1 route, which takes no api-version', () => {
    expect(toAzureUrl({ key: key(endpoint), settings: settings(), request: { model: 'gpt-4o' } }, 'responses')).toBe('https://contoso.openai.azure.com/openai/v1/responses');
  });

  it('uses the model name as the deployment when none is mapped, the key aliases next, and the default GA api-version', () => {
    const withAliases = key({ endpoint: 'https://contoso.openai.azure.com' }, { aliases: { 'gpt-4.1': 'team-41' } });
    expect(toAzureUrl({ key: withAliases, settings: settings(), request: { model: 'gpt-4.1' } }, 'chat')).toBe(
      `https://contoso.openai.azure.com/openai/deployments/team-41/chat/completions?api-version=${defaultAzureApiVersion}`,
    );
    expect(toAzureUrl({ key: withAliases, settings: settings(), request: { model: 'my model' } }, 'chat')).toContain('/deployments/my%20model/chat/completions');
  });

  it('takes network_config.base_url over the key endpoint', () => {
    expect(toAzureUrl({ key: key(endpoint), settings: settings('http://127.0.0.1:9000'), request: { model: 'o' } }, 'chat')).toBe(
      'http://127.0.0.1:9000/openai/deployments/o/chat/completions?api-version=2025-04-01-preview',
    );
  });

  it('fails clearly for a key without an endpoint when no base_url is set', () => {
    expect(() => toAzureUrl({ key: key(), settings: settings(), request: { model: 'o' } }, 'chat')).toThrow(expect.objectContaining({ code: 'internal_error' }));
  });
});

describe('checkAzureKey', () => {
  it('accepts an endpoint with optional api_version and deployments', () => {
    expect(checkAzureKey(key({ endpoint: 'https://contoso.openai.azure.com', api_version: '2024-10-21', deployments: { a: 'b' } }), false)).toEqual([]);
  });

  it('requires the endpoint unless network_config.base_url is set', () => {
    expect(checkAzureKey(key(), false)).toEqual(['azure_key_config.endpoint: required, e.g. "https://my-resource.openai.azure.com" (or set network_config.base_url)']);
    expect(checkAzureKey(key(), true)).toEqual([]);
  });

  it('names each malformed field', () => {
    expect(checkAzureKey(key({ endpoint: 'contoso', api_version: 7, deployments: { a: 1 } }), false)).toEqual([
      'azure_key_config.endpoint: expected the resource origin such as "https://my-resource.openai.azure.com", got "contoso"',
      'azure_key_config.api_version: expected a string such as "2024-10-21"',
      'azure_key_config.deployments: expected an object of model name to deployment name',
    ]);
    expect(checkAzureKey({ ...key(), azure_key_config: 'x' }, false)).toEqual(['azure_key_config: expected an object']);
  });
});

describe('azureAdapter', () => {
  const azureKey = key({ endpoint: 'https://contoso.openai.azure.com', deployments: { 'gpt-4o': 'prod-4o', 'text-embedding-3-small': 'emb' } });

  it('authenticates with the api-key header and sends the request as it came', async () => {
    const { http, sent } = fakeHttp(chatAnswer);
    const request: ChatRequest = { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] };
    await azureAdapter.chat!(callOf(request, http, azureKey));
    expect(sent[0].url).toBe(`https://contoso.openai.azure.com/openai/deployments/prod-4o/chat/completions?api-version=${defaultAzureApiVersion}`);
    expect(sent[0].headers).toEqual({ 'content-type': 'application/json', 'api-key': 'azure-secret' });
    expect(JSON.parse(String(sent[0].body))).toEqual(request);
  });

  it('embeds through the deployment of the embedding model', async () => {
    const { http, sent } = fakeHttp(JSON.stringify({ object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.1] }], model: 'x', usage: { prompt_tokens: 1, total_tokens: 1 } }));
    await azureAdapter.embed!(callOf<EmbeddingRequest>({ model: 'text-embedding-3-small', input: 'a' }, http, azureKey));
    expect(sent[0].url).toContain('/openai/deployments/emb/embeddings?api-version=');
  });

  it('sends the deployment name as the model of a Responses API call', async () => {
    const { http, sent } = fakeHttp(JSON.stringify({ id: 'resp_1', object: 'response', created_at: 1, status: 'completed', model: 'prod-4o', output: [] }));
    const request: ResponsesRequest = { model: 'gpt-4o', input: 'hi' };
    await azureAdapter.responses!(callOf(request, http, azureKey));
    expect(sent[0].url).toBe('https://contoso.openai.azure.com/openai/v1/responses');
    expect(JSON.parse(String(sent[0].body))).toEqual({ model: 'prod-4o', input: 'hi' });
    expect(request.model).toBe('gpt-4o');
  });

  it('lists the models of the key’s deployments without calling Azure', async () => {
    const { http, sent } = fakeHttp('{}');
    await expect(azureAdapter.listModels!({ key: azureKey, settings: settings(), http, signal: undefined })).resolves.toEqual(['gpt-4o', 'text-embedding-3-small']);
    expect(sent).toEqual([]);
  });

  it('declares the operations Azure serves', () => {
    expect(azureAdapter).toMatchObject({ id: 'azure', framing: 'sse', requiresKey: true, capabilities: { chat: true, embeddings: true, completions: true, responses: true } });
    expect(azureAdapter.envKey).toBeUndefined();
    expect(azureAdapter.completionsStream).toBeTypeOf('function');
    expect(azureAdapter.checkKey!(key(), { customBaseUrl: false })).toHaveLength(1);
  });
});
