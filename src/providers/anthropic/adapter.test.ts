import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer, writeJson } from '../../../test/conformance/fake-server.js';
import { type AnthropicUpstream, startAnthropicUpstream } from '../../../test/fake-upstreams/anthropic-upstream.js';
import type { ChatRequest, StreamChunk } from '../../api/index.js';
import { UpstreamClient } from '../../http/upstream-client.js';
import type { AdapterCall, ProviderKey, ProviderSettings } from '../contract.js';
import { anthropicAdapter } from './adapter.js';

describe('anthropicAdapter', () => {
  let upstream: AnthropicUpstream;
  const http = new UpstreamClient();
  const key: ProviderKey = { value: 'sk-ant-test', models: [], weight: 1 };
  let settings: ProviderSettings;
  const call = (request: ChatRequest, overrides: Partial<AdapterCall<ChatRequest>> = {}): AdapterCall<ChatRequest> => ({
    request, key, settings, http, signal: undefined, warnings: [], ...overrides,
  });

  beforeAll(async () => {
    const models = ['claude-a', 'claude-b', 'claude-c', 'claude-d', 'claude-e'];
    upstream = await startAnthropicUpstream({ apiKey: 'sk-ant-test', models, pageSize: 2 });
    settings = { provider: 'anthropic', baseUrl: `${upstream.url}/`, customBaseUrl: true, extraHeaders: {}, timeoutMs: 5000 };
  });
  afterAll(async () => {
    await upstream.close();
    await http.close();
  });
  let seen = 0;
  beforeEach(() => {
    seen = upstream.requests.length;
  });

  it('declares what it serves', () => {
    expect(anthropicAdapter).toMatchObject({ id: 'anthropic', defaultBaseUrl: 'https://api.anthropic.com', envKey: 'ANTHROPIC_API_KEY', framing: 'sse', requiresKey: true });
    expect(anthropicAdapter.embed).toBeUndefined();
  });

  it('reads every page of the model list', async () => {
    expect(await anthropicAdapter.listModels!({ key, settings, http, signal: undefined })).toEqual(['claude-a', 'claude-b', 'claude-c', 'claude-d', 'claude-e']);
    expect(upstream.requests.slice(seen).map((request) => request.url)).toEqual([
      '/v1/models?limit=1000',
      '/v1/models?limit=1000&after_id=claude-b',
      '/v1/models?limit=1000&after_id=claude-d',
    ]);
  });

  it('sends no x-api-key for an empty key, and maps the refusal', async () => {
    const failure = anthropicAdapter.chat!(call({ model: 'claude-a', messages: [{ role: 'user', content: 'hi' }] }, { key: { ...key, value: '' } }));
    await expect(failure).rejects.toMatchObject({ code: 'provider_auth_failed', upstreamStatus: 401 });
    expect(upstream.requests.at(-1)!.headers['x-api-key']).toBeUndefined();
  });

  it('rejects a stream the provider refused before it began', async () => {
    upstream.enqueue({ kind: 'error', error: 'rate-limit' });
    await expect(anthropicAdapter.chatStream!(call({ model: 'claude-a', messages: [{ role: 'user', content: 'hi' }] }))).rejects.toMatchObject({ code: 'rate_limited', retryAfter: 3 });
  });

  it('replays a JSON answer to a streaming call as a stream', async () => {
    const server = await startFakeServer((_request, res) =>
      writeJson(res, 200, { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-a', content: [{ type: 'text', text: 'Hi' }], stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 2, output_tokens: 1 } }),
    );
    try {
      const stream = await anthropicAdapter.chatStream!(call({ model: 'claude-a', messages: [{ role: 'user', content: 'hi' }] }, { settings: { ...settings, baseUrl: server.url } }));
      const types: string[] = [];
      for await (const chunk of stream) types.push(chunk.type === 'text-delta' ? `text:${chunk.text}` : chunk.type);
      expect(types).toEqual(['start', 'text:Hi', 'finish', 'usage']);
    } finally {
      await server.close();
    }
  });

  it('cancels the upstream request when the signal aborts mid-stream', async () => {
    upstream.enqueue({ kind: 'stall', textBefore: 'Partial ' });
    const controller = new AbortController();
    const aborted = upstream.nextAbort();
    const stream = await anthropicAdapter.chatStream!(call({ model: 'claude-a', messages: [{ role: 'user', content: 'hi' }] }, { signal: controller.signal }));
    const seenChunks: StreamChunk[] = [];
    const reading = (async () => {
      for await (const chunk of stream) {
        seenChunks.push(chunk);
        if (chunk.type === 'text-delta') controller.abort();
      }
    })();
    await expect(reading).rejects.toMatchObject({ code: 'request_cancelled' });
    await aborted;
    expect(seenChunks.map((chunk) => chunk.type)).toEqual(['start', 'text-delta']);
  });
});
