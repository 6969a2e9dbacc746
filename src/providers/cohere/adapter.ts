import type { ChatRequest, EmbeddingRequest, StreamChunk } from '../../api/index.js';
import { readErrorText, readJsonBody } from '../../http/read-json-body.js';
import { toTransportError, type UpstreamResponse } from '../../http/upstream-client.js';
import { decodeSse } from '../../streaming/decode-sse.js';
import type { AdapterCall, ProviderAdapter } from '../contract.js';
import { joinUrl } from '../shared/join-url.js';
import { withForwardHeaders } from '../shared/with-forward-headers.js';
import { fromCohereEmbedResponse, toCohereEmbedBody } from './embeddings.js';
import { fromCohereError } from './errors.js';
import { cohereHeaders } from './headers.js';
import { fromCohereModelList } from './models.js';
import { toCohereChatBody } from './request.js';
import { fromCohereChatResponse } from './response.js';
import { mapCohereStream } from './stream.js';

/** Pages of `GET /v1/models` read at most (1000 models each). */
const maxModelPages = 10;

type AnyCall = Omit<AdapterCall<unknown>, 'request' | 'warnings'>;

const send = (call: AnyCall, method: 'GET' | 'POST', path: string, accept: 'json' | 'sse', body?: string) =>
  call.http.send({
    provider: call.settings.provider,
    url: joinUrl(call.settings.baseUrl, path),
    method,
    headers: withForwardHeaders(cohereHeaders(call.key, call.settings, accept), call),
    body,
    signal: call.signal,
    timeoutMs: call.settings.timeoutMs,
  });

const failIfError = async (call: AnyCall, response: UpstreamResponse): Promise<void> => {
  if (response.status < 300) return;
  throw fromCohereError(call.settings.provider, response.status, response.headers, await readErrorText(response));
};

/** Reads a JSON answer, or throws Cohere's error; a promise chain, like `chat`. */
const readAnswer = (call: AnyCall, response: UpstreamResponse): Promise<unknown> =>
  response.status < 300 ? readJsonBody(call.settings.provider, response, call.settings.timeoutMs, call.signal) : failIfError(call, response);

/**
 * Cohere's v2 API (https://docs.cohere.com/v2/reference/chat): chat (JSON or SSE),
 * embeddings (`/v2/embed`) and the model list (`/v1/models`), translated from and to
 * OpenAI's wire format.
 */
export const cohereAdapter: ProviderAdapter = {
  id: 'cohere',
  description: 'Cohere API v2 (chat, streaming, tools, vision, JSON schema, reasoning, embeddings, models)',
  defaultBaseUrl: 'https://api.cohere.com',
  envKey: 'COHERE_API_KEY',
  requiresKey: true,
  framing: 'sse',
  capabilities: { chat: true, chatStream: true, embeddings: true, listModels: true, tools: true, vision: true, jsonSchema: true, reasoning: true, completions: false, responses: false },

  // A promise chain rather than an async function: no frame is kept per request while it waits on Cohere.
  chat(call: AdapterCall<ChatRequest>) {
    const body = toCohereChatBody(call.request, false, call.settings.provider, call.warnings);
    return send(call, 'POST', '/v2/chat', 'json', body).then((response) =>
      readAnswer(call, response).then((answer) => fromCohereChatResponse(call.settings.provider, call.request.model, answer)),
    );
  },

  async chatStream(call: AdapterCall<ChatRequest>): Promise<AsyncIterable<StreamChunk>> {
    const provider = call.settings.provider;
    const response = await send(call, 'POST', '/v2/chat', 'sse', toCohereChatBody(call.request, true, provider, call.warnings));
    await failIfError(call, response);
    const mapError = (error: unknown) => toTransportError(provider, call.settings.timeoutMs, error, call.signal);
    return mapCohereStream(provider, call.request.model, decodeSse(response.body, mapError));
  },

  embed(call: AdapterCall<EmbeddingRequest>) {
    const body = toCohereEmbedBody(call.request, call.settings.provider, call.warnings);
    return send(call, 'POST', '/v2/embed', 'json', body).then((response) =>
      readAnswer(call, response).then((answer) => fromCohereEmbedResponse(call.settings.provider, call.request.model, answer)),
    );
  },

  async listModels(call) {
    const models: string[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < maxModelPages; page++) {
      const query = pageToken === undefined ? '' : `&page_token=${encodeURIComponent(pageToken)}`;
      const response = await send(call, 'GET', `/v1/models?page_size=1000${query}`, 'json');
      const list = fromCohereModelList(call.settings.provider, await readAnswer(call, response));
      models.push(...list.models);
      pageToken = list.nextPageToken;
      if (pageToken === undefined) break;
    }
    return models;
  },
};
