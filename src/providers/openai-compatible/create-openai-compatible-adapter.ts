import type { ChatRequest, EmbeddingRequest, StreamChunk } from '../../api/index.js';
import { readErrorText, readJsonBody } from '../../http/read-json-body.js';
import type { UpstreamResponse } from '../../http/upstream-client.js';
import { toTransportError } from '../../http/upstream-client.js';
import { decodeSse } from '../../streaming/decode-sse.js';
import { responseToStream } from '../../streaming/response-to-stream.js';
import type { AdapterCall, ProviderAdapter, ProviderKey, ProviderSettings } from '../contract.js';
import { joinUrl } from '../shared/join-url.js';
import { fromOpenAIError } from './errors.js';
import type { OpenAICompatibleProfile } from './profile.js';
import { toOpenAIChatBody, toOpenAIEmbeddingBody } from './request.js';
import { fromOpenAIChatResponse, fromOpenAIEmbeddingResponse, fromOpenAIModelList } from './response.js';
import { mapOpenAIStream } from './stream.js';

/** Builds the adapter of a provider that speaks OpenAI's wire format, from its profile. */
export function createOpenAICompatibleAdapter(profile: OpenAICompatibleProfile): ProviderAdapter {
  // Keyed by the key object, but checked against its value: an account may rotate a key in place.
  const headerCache = new WeakMap<ProviderKey, WeakMap<ProviderSettings, { value: string; headers: Record<string, string> }>>();

  const headersFor = (key: ProviderKey, settings: ProviderSettings): Record<string, string> => {
    let bySettings = headerCache.get(key);
    const cached = bySettings?.get(settings);
    if (cached && cached.value === key.value) return cached.headers;
    const headers: Record<string, string> = { ...settings.extraHeaders, 'content-type': 'application/json' };
    if (key.value !== '') {
      if (profile.auth.type === 'bearer') headers.authorization = `Bearer ${key.value}`;
      else if (profile.auth.type === 'header') headers[profile.auth.name] = key.value;
    }
    if (!bySettings) headerCache.set(key, (bySettings = new WeakMap()));
    bySettings.set(settings, { value: key.value, headers });
    return headers;
  };

  const post = (call: AdapterCall<unknown>, path: string, body: string) =>
    call.http.send({
      provider: call.settings.provider,
      url: joinUrl(call.settings.baseUrl, path),
      method: 'POST',
      headers: headersFor(call.key, call.settings),
      body,
      signal: call.signal,
      timeoutMs: call.settings.timeoutMs,
    });

  const failIfError = async (call: AdapterCall<unknown>, response: UpstreamResponse): Promise<void> => {
    if (response.status < 300) return;
    throw fromOpenAIError(call.settings.provider, response.status, response.headers, await readErrorText(response));
  };

  /** Reads a JSON answer, or throws the provider's error; written as a promise chain (see `chat`). */
  const readAnswer = (call: AdapterCall<unknown>, response: UpstreamResponse): Promise<unknown> =>
    response.status < 300 ? readJsonBody(call.settings.provider, response, call.settings.timeoutMs, call.signal) : failIfError(call, response);

  const adapter: ProviderAdapter = {
    id: profile.id,
    description: profile.description,
    defaultBaseUrl: profile.defaultBaseUrl,
    envKey: profile.envKey,
    requiresKey: profile.requiresKey,
    framing: 'sse',
    capabilities: profile.capabilities,

    // A promise chain rather than an async function: no frame is kept for each
    // request while it waits on the provider, which matters with thousands in flight.
    chat(call: AdapterCall<ChatRequest>) {
      const body = toOpenAIChatBody(call.request, false, profile, call.warnings);
      // The reading step is chained only once the answer is here, so it is not kept while waiting.
      return post(call, profile.paths.chat, body).then((response) =>
        readAnswer(call, response).then((answer) => fromOpenAIChatResponse(call.settings.provider, answer)),
      );
    },

    async chatStream(call: AdapterCall<ChatRequest>): Promise<AsyncIterable<StreamChunk>> {
      const response = await post(call, profile.paths.chat, toOpenAIChatBody(call.request, true, profile, call.warnings));
      await failIfError(call, response);
      const provider = call.settings.provider;
      const contentType = String(response.headers['content-type'] ?? '');
      if (contentType.includes('application/json')) {
        // A provider that ignored `stream: true` answered with one JSON body; replay it as a stream.
        const body = await readJsonBody(provider, response, call.settings.timeoutMs, call.signal);
        return responseToStream(fromOpenAIChatResponse(provider, body));
      }
      const mapError = (error: unknown) => toTransportError(provider, call.settings.timeoutMs, error, call.signal);
      return mapOpenAIStream(provider, decodeSse(response.body, mapError));
    },

    async listModels(call) {
      if (!profile.paths.models) return [];
      const response = await call.http.send({
        provider: call.settings.provider,
        url: joinUrl(call.settings.baseUrl, profile.paths.models),
        method: 'GET',
        headers: headersFor(call.key, call.settings),
        signal: call.signal,
        timeoutMs: call.settings.timeoutMs,
      });
      await failIfError(call as AdapterCall<unknown>, response);
      return fromOpenAIModelList(call.settings.provider, await readJsonBody(call.settings.provider, response, call.settings.timeoutMs, call.signal));
    },
  };

  if (profile.paths.embeddings) {
    const embeddingsPath = profile.paths.embeddings;
    adapter.embed = async (call: AdapterCall<EmbeddingRequest>) => {
      const response = await post(call, embeddingsPath, toOpenAIEmbeddingBody(call.request));
      await failIfError(call, response);
      return fromOpenAIEmbeddingResponse(call.settings.provider, await readJsonBody(call.settings.provider, response, call.settings.timeoutMs, call.signal));
    };
  }
  return adapter;
}
