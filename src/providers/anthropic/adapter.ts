import type { ChatRequest, StreamChunk } from '../../api/index.js';
import { readErrorText, readJsonBody } from '../../http/read-json-body.js';
import type { UpstreamResponse } from '../../http/upstream-client.js';
import { toTransportError } from '../../http/upstream-client.js';
import { decodeSse } from '../../streaming/decode-sse.js';
import { responseToStream } from '../../streaming/response-to-stream.js';
import type { AdapterCall, ProviderAdapter, ProviderKey, ProviderSettings } from '../contract.js';
import { cachePerKey } from '../shared/cache-per-key.js';
import { joinUrl } from '../shared/join-url.js';
import { withForwardHeaders } from '../shared/with-forward-headers.js';
import { fromAnthropicError } from './errors.js';
import { passAnthropicThrough } from './passthrough.js';
import { toAnthropicRequest } from './request.js';
import { fromAnthropicModelList, fromAnthropicResponse } from './response.js';
import { mapAnthropicStream } from './stream.js';

/** The API version every request names. https://docs.claude.com/en/api/versioning */
export const anthropicVersion = '2023-06-01';

/** Pages of `GET /v1/models` read at most (1000 models each). */
const maxModelPages = 10;

const headersFor = cachePerKey((key, settings) => {
  const headers: Record<string, string> = { 'anthropic-version': anthropicVersion, ...settings.extraHeaders, 'content-type': 'application/json' };
  if (key.value !== '') headers['x-api-key'] = key.value;
  return headers;
});

function send(call: Omit<AdapterCall<unknown>, 'request' | 'warnings'>, method: 'GET' | 'POST', path: string, body?: string): Promise<UpstreamResponse> {
  return call.http.send({
    provider: call.settings.provider,
    url: joinUrl(call.settings.baseUrl, path),
    method,
    headers: withForwardHeaders(headersFor(call.key, call.settings), call),
    body,
    signal: call.signal,
    timeoutMs: call.settings.timeoutMs,
  });
}

/** Reads a JSON answer, or throws the provider's error; a promise chain, like `chat`. */
function readAnswer(call: Omit<AdapterCall<unknown>, 'request' | 'warnings'>, response: UpstreamResponse): Promise<unknown> {
  const provider = call.settings.provider;
  if (response.status < 300) return readJsonBody(provider, response, call.settings.timeoutMs, call.signal);
  return readErrorText(response).then((text) => {
    throw fromAnthropicError(provider, response.status, response.headers, text);
  });
}

/** Anthropic's Messages API. https://docs.claude.com/en/api/messages */
export const anthropicAdapter: ProviderAdapter = {
  id: 'anthropic',
  description: 'Anthropic Messages API (chat, streaming, tools, vision, structured output, extended thinking, models)',
  defaultBaseUrl: 'https://api.anthropic.com',
  envKey: 'ANTHROPIC_API_KEY',
  requiresKey: true,
  framing: 'sse',
  capabilities: { chat: true, chatStream: true, embeddings: false, listModels: true, tools: true, vision: true, jsonSchema: true, reasoning: true, completions: false, responses: false },
  nativeApis: ['anthropic-messages'],

  // A promise chain rather than an async function: no frame is kept per request while it waits on the provider.
  chat(call: AdapterCall<ChatRequest>) {
    const body = JSON.stringify(toAnthropicRequest(call.request, false, call.settings.provider, call.warnings));
    return send(call, 'POST', '/v1/messages', body).then((response) =>
      readAnswer(call, response).then((answer) => fromAnthropicResponse(call.settings.provider, answer)),
    );
  },

  async chatStream(call: AdapterCall<ChatRequest>): Promise<AsyncIterable<StreamChunk>> {
    const provider = call.settings.provider;
    const body = JSON.stringify(toAnthropicRequest(call.request, true, provider, call.warnings));
    const response = await send(call, 'POST', '/v1/messages', body);
    if (response.status >= 300) throw fromAnthropicError(provider, response.status, response.headers, await readErrorText(response));
    if (String(response.headers['content-type'] ?? '').includes('application/json')) {
      // A compatible server that ignored `stream: true` answered with one message; replay it as a stream.
      return responseToStream(fromAnthropicResponse(provider, await readJsonBody(provider, response, call.settings.timeoutMs, call.signal)));
    }
    const mapError = (error: unknown) => toTransportError(provider, call.settings.timeoutMs, error, call.signal);
    return mapAnthropicStream(provider, decodeSse(response.body, mapError));
  },

  passthrough: (call) => passAnthropicThrough(call, (passed, path, body) => send(passed, 'POST', path, body)),

  async listModels(call) {
    const ids: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < maxModelPages; page++) {
      const query = after === undefined ? '?limit=1000' : `?limit=1000&after_id=${encodeURIComponent(after)}`;
      const answer = await readAnswer(call, await send(call, 'GET', `/v1/models${query}`));
      const { ids: pageIds, next } = fromAnthropicModelList(call.settings.provider, answer);
      ids.push(...pageIds);
      if (next === undefined) break;
      after = next;
    }
    return ids;
  },
};
