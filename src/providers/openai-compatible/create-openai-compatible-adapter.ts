import type { ChatRequest, CompletionRequest, EmbeddingRequest, ResponsesRequest, StreamChunk } from '../../api/index.js';
import { readErrorText, readJsonBody } from '../../http/read-json-body.js';
import type { UpstreamResponse } from '../../http/upstream-client.js';
import { toTransportError } from '../../http/upstream-client.js';
import { decodeSse, type SseEvent } from '../../streaming/decode-sse.js';
import { responseToStream } from '../../streaming/response-to-stream.js';
import type { AdapterCall, ProviderAdapter } from '../contract.js';
import { cachePerKey } from '../shared/cache-per-key.js';
import { withForwardHeaders } from '../shared/with-forward-headers.js';
import { completionToStream, mapOpenAICompletionStream } from './completion-stream.js';
import { fromOpenAIError } from './errors.js';
import { checkKeyBaseUrl } from './key-base-url.js';
import type { OpenAICompatibleProfile } from './profile.js';
import { toOpenAIChatBody, toOpenAICompletionBody, toOpenAIEmbeddingBody, toOpenAIResponsesBody } from './request.js';
import { fromOpenAIChatResponse, fromOpenAICompletionResponse, fromOpenAIEmbeddingResponse, fromOpenAIModelList, fromOpenAIResponsesResponse } from './response.js';
import { readOpenAIResponsesStream } from './responses-stream.js';
import { mapOpenAIStream } from './stream.js';
import { openAIUrlBuilder } from './url.js';

/** Builds the adapter of a provider that speaks OpenAI's wire format, from its profile. */
export function createOpenAICompatibleAdapter(profile: OpenAICompatibleProfile): ProviderAdapter {
  const headersFor = cachePerKey((key, settings) => {
    const headers: Record<string, string> = { ...settings.extraHeaders, 'content-type': 'application/json' };
    if (key.value !== '') {
      if (profile.auth.type === 'bearer') headers.authorization = `Bearer ${key.value}`;
      else if (profile.auth.type === 'header') headers[profile.auth.name] = key.value;
    }
    return headers;
  });

  const urlFor = openAIUrlBuilder(profile);
  const reasoningField = profile.reasoningField;

  const post = (call: AdapterCall<unknown>, url: string, body: string) =>
    call.http.send({
      provider: call.settings.provider,
      url,
      method: 'POST',
      headers: withForwardHeaders(headersFor(call.key, call.settings), call),
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

  /** Sends a streamed call: its events once the provider accepted it, or the one JSON answer of a server that ignored `stream: true`. */
  const openStream = async (call: AdapterCall<unknown>, url: string, body: string): Promise<{ events: AsyncIterable<SseEvent> } | { answer: unknown }> => {
    const response = await post(call, url, body);
    await failIfError(call, response);
    const { provider, timeoutMs } = call.settings;
    if (String(response.headers['content-type'] ?? '').includes('application/json')) {
      return { answer: await readJsonBody(provider, response, timeoutMs, call.signal) };
    }
    return { events: decodeSse(response.body, (error) => toTransportError(provider, timeoutMs, error, call.signal)) };
  };

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
      const body = toOpenAIChatBody(call.request, false, profile, call.warnings, call.settings.provider);
      // The reading step is chained only once the answer is here, so it is not kept while waiting.
      return post(call, urlFor(call, 'chat'), body).then((response) =>
        readAnswer(call, response).then((answer) => fromOpenAIChatResponse(call.settings.provider, answer, reasoningField)),
      );
    },

    async chatStream(call: AdapterCall<ChatRequest>): Promise<AsyncIterable<StreamChunk>> {
      const body = toOpenAIChatBody(call.request, true, profile, call.warnings, call.settings.provider);
      const opened = await openStream(call, urlFor(call, 'chat'), body);
      const provider = call.settings.provider;
      if ('answer' in opened) return responseToStream(fromOpenAIChatResponse(provider, opened.answer, reasoningField));
      return mapOpenAIStream(provider, opened.events);
    },

    async listModels(call) {
      if (!profile.paths.models) return [];
      const response = await call.http.send({
        provider: call.settings.provider,
        url: urlFor(call, 'models'),
        method: 'GET',
        headers: withForwardHeaders(headersFor(call.key, call.settings), call),
        signal: call.signal,
        timeoutMs: call.settings.timeoutMs,
      });
      await failIfError(call as AdapterCall<unknown>, response);
      return fromOpenAIModelList(call.settings.provider, await readJsonBody(call.settings.provider, response, call.settings.timeoutMs, call.signal));
    },
  };

  if (profile.keyBaseUrl) {
    const setting = profile.keyBaseUrl;
    adapter.checkKey = (key) => checkKeyBaseUrl(key, setting);
  }

  if (profile.paths.embeddings) {
    adapter.embed = (call: AdapterCall<EmbeddingRequest>) =>
      post(call, urlFor(call, 'embeddings'), toOpenAIEmbeddingBody(call.request)).then((response) =>
        readAnswer(call, response).then((answer) => fromOpenAIEmbeddingResponse(call.settings.provider, answer)),
      );
  }

  if (profile.paths.completions) {
    adapter.completions = (call: AdapterCall<CompletionRequest>) => {
      const body = toOpenAICompletionBody(call.request, false, profile, call.warnings, call.settings.provider);
      return post(call, urlFor(call, 'completions'), body).then((response) =>
        readAnswer(call, response).then((answer) => fromOpenAICompletionResponse(call.settings.provider, answer)),
      );
    };
    adapter.completionsStream = async (call: AdapterCall<CompletionRequest>) => {
      const body = toOpenAICompletionBody(call.request, true, profile, call.warnings, call.settings.provider);
      const opened = await openStream(call, urlFor(call, 'completions'), body);
      const provider = call.settings.provider;
      if ('answer' in opened) return completionToStream(fromOpenAICompletionResponse(provider, opened.answer));
      return mapOpenAICompletionStream(provider, opened.events);
    };
  }

  if (profile.paths.responses) {
    adapter.responses = (call: AdapterCall<ResponsesRequest>) =>
      post(call, urlFor(call, 'responses'), toOpenAIResponsesBody(call.request, false)).then((response) =>
        readAnswer(call, response).then((answer) => fromOpenAIResponsesResponse(call.settings.provider, answer)),
      );
    adapter.responsesStream = async (call: AdapterCall<ResponsesRequest>) => {
      const opened = await openStream(call, urlFor(call, 'responses'), toOpenAIResponsesBody(call.request, true));
      const provider = call.settings.provider;
      if ('answer' in opened) return replayResponse(fromOpenAIResponsesResponse(provider, opened.answer));
      return readOpenAIResponsesStream(provider, opened.events);
    };
  }
  return adapter;
}

/** A server that answered a streamed Responses call with one JSON body: its answer as the final event. */
async function* replayResponse(response: unknown) {
  yield { type: 'response.completed', response };
}
