import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer, writeJson } from '../../../test/conformance/fake-server.js';
import type { PassthroughRequest } from '../../api/index.js';
import { UpstreamClient } from '../../http/upstream-client.js';
import type { AdapterCall, ProviderKey, ProviderSettings } from '../contract.js';
import { anthropicAdapter } from './adapter.js';

describe('anthropicAdapter.passthrough', () => {
  let server: FakeServer;
  const http = new UpstreamClient();
  const key: ProviderKey = { value: 'sk-ant-test', models: [], weight: 1 };
  let settings: ProviderSettings;
  const call = (request: Partial<PassthroughRequest>, forwardHeaders?: Record<string, string>): AdapterCall<PassthroughRequest> => ({
    request: { api: 'anthropic-messages', operation: 'messages', model: 'claude-a', body: { model: 'anthropic/claude-a', max_tokens: 5, messages: [] }, stream: false, ...request },
    key,
    settings,
    http,
    signal: undefined,
    warnings: [],
    forwardHeaders,
  });
  const read = async (body: AsyncIterable<Uint8Array>) => {
    const parts: Uint8Array[] = [];
    for await (const part of body) parts.push(part);
    return Buffer.concat(parts).toString('utf8');
  };

  beforeAll(async () => {
    server = await startFakeServer((request, res) => {
      if (request.url === '/v1/messages/count_tokens') return writeJson(res, 200, { input_tokens: 7 }, { 'request-id': 'req_1', 'anthropic-ratelimit-tokens-remaining': '99', 'x-internal': 'no' });
      writeJson(res, 400, { type: 'error', error: { type: 'invalid_request_error', message: 'messages: at least one message is required' } });
    });
    settings = { provider: 'anthropic', baseUrl: server.url, customBaseUrl: true, extraHeaders: {}, timeoutMs: 5000 };
  });
  afterAll(async () => {
    await server.close();
    await http.close();
  });

  it('declares the Messages API as native', () => {
    expect(anthropicAdapter.nativeApis).toEqual(['anthropic-messages']);
  });

  it("sends the body with the provider's model name and the forwarded headers, and relays the answer's headers worth relaying", async () => {
    const answer = await anthropicAdapter.passthrough!(call({ operation: 'count_tokens' }, { 'anthropic-beta': 'b1', 'x-api-key': 'caller' }));
    expect(answer.status).toBe(200);
    expect(answer.headers).toEqual({ 'content-type': 'application/json', 'request-id': 'req_1', 'anthropic-ratelimit-tokens-remaining': '99' });
    expect(await read(answer.body)).toBe('{"input_tokens":7}');
    const sent = server.requests.at(-1)!;
    expect(sent.body).toEqual({ model: 'claude-a', max_tokens: 5, messages: [] });
    expect(sent.headers).toMatchObject({ 'anthropic-beta': 'b1', 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01' });
  });

  it("maps Anthropic's refusal, and refuses an operation it does not know", async () => {
    await expect(anthropicAdapter.passthrough!(call({}))).rejects.toMatchObject({ code: 'upstream_bad_request', status: 400 });
    await expect(anthropicAdapter.passthrough!(call({ operation: 'batches' }))).rejects.toMatchObject({ code: 'unsupported_operation' });
  });
});
