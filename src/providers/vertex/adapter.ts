import type { ChatRequest, EmbeddingRequest, StreamChunk } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import { readErrorText, readJsonBody } from '../../http/read-json-body.js';
import { toTransportError, type UpstreamResponse } from '../../http/upstream-client.js';
import { decodeSse } from '../../streaming/decode-sse.js';
import type { AdapterCall, ProviderAdapter } from '../contract.js';
import { withForwardHeaders } from '../shared/with-forward-headers.js';
import { toVertexHeaders } from './auth.js';
import { type VertexChatRoute, vertexChatRoutes } from './chat-routes.js';
import { fromVertexEmbeddingResponses, toVertexEmbeddingBodies } from './embeddings.js';
import { fromVertexError } from './errors.js';
import { checkVertexKey, readVertexKey, type VertexKeySettings, vertexDirectKey } from './settings.js';
import { toVertexModelUrl, vertexDefaultBaseUrl, type VertexMethod, type VertexPublisher, vertexPublisherOf } from './urls.js';

/** One call's target: the key's settings, the publisher, and how chat reaches its models. */
interface VertexTarget {
  key: VertexKeySettings;
  publisher: VertexPublisher;
  route: VertexChatRoute;
}

const targetOf = (call: AdapterCall<{ model: string }>): VertexTarget => {
  const publisher = vertexPublisherOf(call.request.model);
  return { key: readVertexKey(call.settings.provider, call.key), publisher, route: vertexChatRoutes[publisher] };
};

/** Posts a body to one method of the model, with a fresh (or cached) access token. */
const post = (call: AdapterCall<{ model: string }>, target: VertexTarget, method: VertexMethod, body: string): Promise<UpstreamResponse> =>
  toVertexHeaders(call, target.key).then((headers) =>
    call.http.send({
      provider: call.settings.provider,
      url: toVertexModelUrl(call.settings, target.key, target.publisher, call.request.model, method),
      method: 'POST',
      headers: withForwardHeaders(headers, call),
      body,
      signal: call.signal,
      timeoutMs: call.settings.timeoutMs,
    }),
  );

/** Reads a JSON answer, or throws the mapped error of a refused call. */
const readAnswer = (call: AdapterCall<unknown>, publisher: VertexPublisher, response: UpstreamResponse): Promise<unknown> => {
  const provider = call.settings.provider;
  if (response.status < 300) return readJsonBody(provider, response, call.settings.timeoutMs, call.signal);
  return readErrorText(response).then((text) => {
    throw fromVertexError(provider, publisher, response.status, response.headers, text);
  });
};

/**
 * Google Vertex AI: Gemini models through `generateContent`, Anthropic's Claude models
 * through `rawPredict`, and Google's text embedding models through `predict`, with OAuth
 * access tokens from the key's service account (`vertex_key_config`).
 */
export const vertexAdapter: ProviderAdapter = {
  id: 'vertex',
  description: 'Google Vertex AI (Gemini, Claude on Vertex, text embeddings)',
  defaultBaseUrl: vertexDefaultBaseUrl,
  requiresKey: false,
  framing: 'sse',
  capabilities: { chat: true, chatStream: true, embeddings: true, listModels: false, tools: true, vision: true, jsonSchema: true, reasoning: true, completions: false, responses: false },

  checkKey: (key) => checkVertexKey(key),
  directKey: vertexDirectKey,

  // A promise chain rather than an async function: no frame is kept per request while it waits.
  chat(call: AdapterCall<ChatRequest>) {
    const target = targetOf(call);
    const provider = call.settings.provider;
    const body = target.route.toBody(call.request, false, provider, call.warnings);
    return post(call, target, target.route.method, body).then((response) =>
      readAnswer(call, target.publisher, response).then((answer) => target.route.fromResponse(provider, answer, call.request.model)),
    );
  },

  async chatStream(call: AdapterCall<ChatRequest>): Promise<AsyncIterable<StreamChunk>> {
    const target = targetOf(call);
    const provider = call.settings.provider;
    const response = await post(call, target, target.route.streamMethod, target.route.toBody(call.request, true, provider, call.warnings));
    if (response.status >= 300) {
      throw fromVertexError(provider, target.publisher, response.status, response.headers, await readErrorText(response));
    }
    const mapError = (error: unknown) => toTransportError(provider, call.settings.timeoutMs, error, call.signal);
    return target.route.mapStream(provider, decodeSse(response.body, mapError), call.request.model);
  },

  async embed(call: AdapterCall<EmbeddingRequest>) {
    const target = targetOf(call);
    const provider = call.settings.provider;
    if (target.publisher !== 'google') throw errors.unsupportedOperation(provider, `embeddings with ${call.request.model} (use a Google text embedding model)`);
    const bodies = toVertexEmbeddingBodies(call.request, provider, call.warnings);
    const answers = await Promise.all(bodies.map((body) => post(call, target, 'predict', body).then((response) => readAnswer(call, 'google', response))));
    return fromVertexEmbeddingResponses(provider, call.request.model, answers, call.request.encoding_format);
  },
};
