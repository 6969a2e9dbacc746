import type { ChatRequest, EmbeddingRequest, PassthroughRequest, StreamChunk } from '../../api/index.js';
import { readErrorText, readJsonBody } from '../../http/read-json-body.js';
import { toTransportError, type UpstreamResponse } from '../../http/upstream-client.js';
import { decodeSse } from '../../streaming/decode-sse.js';
import type { AdapterCall, ProviderAdapter, ProviderKey, ProviderSettings } from '../contract.js';
import { cachePerKey } from '../shared/cache-per-key.js';
import { joinUrl } from '../shared/join-url.js';
import { withForwardHeaders } from '../shared/with-forward-headers.js';
import { fromGeminiEmbedResponse, toGeminiEmbedRequest } from './embeddings.js';
import { fromGeminiError } from './errors.js';
import { fromGeminiModelList } from './models.js';
import { passGeminiThrough } from './passthrough.js';
import { toGeminiRequest } from './request.js';
import { fromGeminiResponse } from './response.js';
import { mapGeminiStream } from './stream.js';

/** Pages of `GET /v1beta/models` read at most, so a provider that never ends its pages cannot loop us. */
const maxModelPages = 20;

const headersFor = cachePerKey((key, settings): Record<string, string> => ({
  ...settings.extraHeaders,
  'content-type': 'application/json',
  'x-goog-api-key': key.value,
}));

/** `models/{model}`; a model given with its collection (`tunedModels/x`) keeps it. */
function resourceOf(model: string): string {
  return model.includes('/') ? model : `models/${model}`;
}

/** `/v1beta/models/{model}:{method}`. */
function modelUrl(call: AdapterCall<unknown>, model: string, method: string): string {
  return joinUrl(call.settings.baseUrl, `/v1beta/${resourceOf(model)}:${method}`);
}

function send(call: AdapterCall<unknown>, url: string, body?: string) {
  return call.http.send({
    provider: call.settings.provider,
    url,
    method: body === undefined ? 'GET' : 'POST',
    headers: withForwardHeaders(headersFor(call.key, call.settings), call),
    body,
    signal: call.signal,
    timeoutMs: call.settings.timeoutMs,
  });
}

async function fail(call: AdapterCall<unknown>, response: UpstreamResponse): Promise<never> {
  throw fromGeminiError(call.settings.provider, response.status, response.headers, await readErrorText(response));
}

/** Reads a JSON answer, or throws the provider's error; a promise chain, so nothing waits in an async frame. */
function readAnswer(call: AdapterCall<unknown>, response: UpstreamResponse): Promise<unknown> {
  return response.status < 300 ? readJsonBody(call.settings.provider, response, call.settings.timeoutMs, call.signal) : fail(call, response);
}

/** Google AI Studio's Gemini API (`generativelanguage.googleapis.com`), in its native wire format. */
export const geminiAdapter: ProviderAdapter = {
  id: 'gemini',
  description: 'Google Gemini API (AI Studio)',
  defaultBaseUrl: 'https://generativelanguage.googleapis.com',
  envKey: 'GEMINI_API_KEY',
  requiresKey: true,
  framing: 'sse',
  capabilities: { chat: true, chatStream: true, embeddings: true, listModels: true, tools: true, vision: true, jsonSchema: true, reasoning: true, completions: false, responses: false },
  nativeApis: ['gemini'],

  passthrough(call: AdapterCall<PassthroughRequest>) {
    return passGeminiThrough(call, resourceOf, (passed, path, body) => send(passed, joinUrl(passed.settings.baseUrl, `/v1beta/${path}`), body));
  },

  chat(call: AdapterCall<ChatRequest>) {
    const { request, settings } = call;
    const body = JSON.stringify(toGeminiRequest(request, settings.provider, call.warnings));
    return send(call, modelUrl(call, request.model, 'generateContent'), body).then((response) =>
      readAnswer(call, response).then((answer) => fromGeminiResponse(settings.provider, answer, request.model)),
    );
  },

  async chatStream(call: AdapterCall<ChatRequest>): Promise<AsyncIterable<StreamChunk>> {
    const { request, settings } = call;
    const body = JSON.stringify(toGeminiRequest(request, settings.provider, call.warnings));
    const response = await send(call, modelUrl(call, request.model, 'streamGenerateContent?alt=sse'), body);
    if (response.status >= 300) await fail(call, response);
    const mapError = (error: unknown) => toTransportError(settings.provider, settings.timeoutMs, error, call.signal);
    return mapGeminiStream(settings.provider, decodeSse(response.body, mapError), request.model);
  },

  embed(call: AdapterCall<EmbeddingRequest>) {
    const { request, settings } = call;
    const body = JSON.stringify(toGeminiEmbedRequest(request, request.model));
    return send(call, modelUrl(call, request.model, 'batchEmbedContents'), body).then((response) =>
      readAnswer(call, response).then((answer) => fromGeminiEmbedResponse(settings.provider, answer, request.model)),
    );
  },

  async listModels(call) {
    const models: string[] = [];
    let token: string | undefined;
    const adapterCall = call as AdapterCall<unknown>;
    for (let page = 0; page < maxModelPages; page++) {
      const query = token === undefined ? '?pageSize=1000' : `?pageSize=1000&pageToken=${encodeURIComponent(token)}`;
      const response = await send(adapterCall, joinUrl(call.settings.baseUrl, `/v1beta/models${query}`));
      const list = fromGeminiModelList(call.settings.provider, await readAnswer(adapterCall, response));
      models.push(...list.models);
      token = list.nextPageToken;
      if (token === undefined) break;
    }
    return models;
  },
};
