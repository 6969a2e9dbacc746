import type { ChatRequest, ChatResponse, StreamChunk } from '../../api/index.js';
import type { SseEvent } from '../../streaming/decode-sse.js';
import { toAnthropicRequest } from '../anthropic/request.js';
import { fromAnthropicResponse } from '../anthropic/response.js';
import { mapAnthropicStream } from '../anthropic/stream.js';
import { toGeminiRequest } from '../gemini/request.js';
import { fromGeminiResponse } from '../gemini/response.js';
import { mapGeminiStream } from '../gemini/stream.js';
import type { VertexMethod, VertexPublisher } from './urls.js';
import { vertexAnthropicVersion } from './wire.js';

/** How chat reaches one publisher's models on Vertex: its methods and its wire translation. */
export interface VertexChatRoute {
  method: VertexMethod;
  streamMethod: VertexMethod;
  /** The serialized request body. */
  toBody(request: ChatRequest, stream: boolean, provider: string, warnings: string[]): string;
  fromResponse(provider: string, body: unknown, model: string): ChatResponse;
  mapStream(provider: string, events: AsyncIterable<SseEvent>, model: string): AsyncIterable<StreamChunk>;
}

/**
 * Google's models take the Gemini API body at `:generateContent` / `:streamGenerateContent`
 * (https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference);
 * Anthropic's the Messages API body without `model`, with `anthropic_version`, at
 * `:rawPredict` / `:streamRawPredict` (https://docs.claude.com/en/api/claude-on-vertex-ai).
 */
export const vertexChatRoutes = {
  google: {
    method: 'generateContent',
    streamMethod: 'streamGenerateContent?alt=sse',
    toBody: (request, _stream, provider, warnings) => JSON.stringify(toGeminiRequest(request, provider, warnings)),
    fromResponse: fromGeminiResponse,
    mapStream: mapGeminiStream,
  },
  anthropic: {
    method: 'rawPredict',
    streamMethod: 'streamRawPredict',
    toBody(request, stream, provider, warnings) {
      const { model: _model, ...body } = toAnthropicRequest(request, stream, provider, warnings);
      return JSON.stringify({ anthropic_version: vertexAnthropicVersion, ...body });
    },
    fromResponse: (provider, body) => fromAnthropicResponse(provider, body),
    mapStream: (provider, events) => mapAnthropicStream(provider, events),
  },
} as const satisfies Record<VertexPublisher, VertexChatRoute>;
