import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../api/index.js';
import type { UpstreamClient, UpstreamRequest, UpstreamResponse } from '../../http/upstream-client.js';
import type { AdapterCall, ProviderSettings } from '../contract.js';
import { cohereAdapter } from './adapter.js';

/** An upstream client that answers from a list and records what it was sent. */
function fakeHttp(answers: Array<{ status?: number; body: string; contentType?: string }>) {
  const sent: UpstreamRequest[] = [];
  const http = {
    send(request: UpstreamRequest): Promise<UpstreamResponse> {
      sent.push(request);
      const answer = answers.shift() ?? { body: '{}' };
      const bytes = new TextEncoder().encode(answer.body);
      const body = {
        text: async () => answer.body,
        async *[Symbol.asyncIterator]() {
          yield bytes;
        },
      };
      return Promise.resolve({ status: answer.status ?? 200, headers: { 'content-type': answer.contentType ?? 'application/json' }, body: body as unknown as UpstreamResponse['body'] });
    },
  };
  return { http: http as unknown as UpstreamClient, sent };
}

const settings: ProviderSettings = { provider: 'cohere', baseUrl: 'http://cohere.test/', customBaseUrl: true, extraHeaders: { 'x-team': 'a' }, timeoutMs: 5000 };
const key = { value: 'co-key', models: [], weight: 1 };
const signal = new AbortController().signal;

function call(http: UpstreamClient, request: Partial<ChatRequest> = {}): AdapterCall<ChatRequest> {
  return { request: { model: 'command-a-03-2025', messages: [{ role: 'user', content: 'hi' }], ...request }, key, settings, http, signal, warnings: [] };
}

describe('cohereAdapter', () => {
  it('posts chats to /v2/chat of the base URL with the key, the extra headers and the caller signal', async () => {
    const { http, sent } = fakeHttp([{ body: JSON.stringify({ id: 'x', finish_reason: 'COMPLETE', message: { role: 'assistant', content: [{ type: 'text', text: 'hi' }] } }) }]);
    const response = await cohereAdapter.chat!(call(http));

    expect(response.choices[0].message.content).toBe('hi');
    expect(sent[0]).toMatchObject({ url: 'http://cohere.test/v2/chat', method: 'POST', signal, timeoutMs: 5000, provider: 'cohere' });
    expect(sent[0].headers).toEqual({ 'x-team': 'a', 'content-type': 'application/json', accept: 'application/json', authorization: 'Bearer co-key' });
  });

  it('rejects a stream Cohere refused before it began, with the mapped error', async () => {
    const { http } = fakeHttp([{ status: 429, body: '{"message":"slow down"}' }]);
    await expect(cohereAdapter.chatStream!(call(http))).rejects.toMatchObject({ code: 'rate_limited', status: 429, provider: 'cohere' });
  });

  it('reads a stream it was answered', async () => {
    const stream = 'event: message-start\ndata: {"id":"s1","type":"message-start"}\n\nevent: message-end\ndata: {"type":"message-end","delta":{"finish_reason":"COMPLETE"}}\n\ndata: [DONE]\n\n';
    const { http, sent } = fakeHttp([{ body: stream, contentType: 'text/event-stream' }]);
    const chunks = [];
    for await (const chunk of await cohereAdapter.chatStream!(call(http))) chunks.push(chunk.type);
    expect(chunks).toEqual(['start', 'finish']);
    expect(sent[0].headers.accept).toBe('text/event-stream');
  });

  it('follows the pages of the model list', async () => {
    const { http, sent } = fakeHttp([
      { body: JSON.stringify({ models: [{ name: 'command-a-03-2025', endpoints: ['chat'] }], next_page_token: 'p/2' }) },
      { body: JSON.stringify({ models: [{ name: 'embed-v4.0', endpoints: ['embed'] }] }) },
    ]);
    expect(await cohereAdapter.listModels!({ key, settings, http, signal: undefined })).toEqual(['command-a-03-2025', 'embed-v4.0']);
    expect(sent.map((request) => [request.method, request.url])).toEqual([
      ['GET', 'http://cohere.test/v1/models?page_size=1000'],
      ['GET', 'http://cohere.test/v1/models?page_size=1000&page_token=p%2F2'],
    ]);
  });

  it('declares what it serves', () => {
    expect(cohereAdapter).toMatchObject({ id: 'cohere', defaultBaseUrl: 'https://api.cohere.com', envKey: 'COHERE_API_KEY', requiresKey: true, framing: 'sse' });
    expect(Object.entries(cohereAdapter.capabilities).filter(([, on]) => !on).map(([name]) => name)).toEqual(['completions', 'responses']);
  });
});
