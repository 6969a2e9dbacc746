import type { ChatRequest, ChatResponse, EmbeddingRequest, EmbeddingResponse, StreamChunk, Usage } from '../api/index.js';
import type { RequestContext } from '../core/request-context.js';
import type { GatewayError } from '../errors/index.js';

/** The operation a request asks for. */
export type Operation = 'chat' | 'chat-stream' | 'embed';

/** A request as plugins see it. Plugins may change `request` in `onRequest` (for example its model). */
export type PluginRequest =
  | { operation: 'chat' | 'chat-stream'; request: ChatRequest; context: RequestContext }
  | { operation: 'embed'; request: EmbeddingRequest; context: RequestContext };

/** A plugin's answer in place of the provider's (a cache hit, for example). */
export type ShortCircuit =
  | { response: ChatResponse | EmbeddingResponse }
  | { stream: AsyncIterable<StreamChunk> };

/**
 * How a request ended, as `onResponse` sees it. Exactly one of `response`,
 * `error` or `streamed` is set. For a stream, `onResponse` runs when it ends,
 * with the usage it reported and whether it completed.
 */
export interface ResponseOutcome {
  response?: ChatResponse | EmbeddingResponse;
  error?: GatewayError;
  /** Set for streams: `true` when the stream ended normally, `false` when it failed or was cut. */
  streamed?: boolean;
  usage?: Usage;
  /** Whether a plugin's short-circuit answered instead of a provider. */
  shortCircuited: boolean;
}

/**
 * A plugin: a name and optional hooks. `onRequest` hooks run in registration
 * order and may answer (`ShortCircuit`) or reject (throw a `GatewayError`);
 * `onResponse` hooks run in reverse order, only for plugins whose `onRequest`
 * ran; `onStreamChunk` may replace a chunk or drop it (return `null`).
 * A plugin that throws anything but a `GatewayError` is logged and counted, and
 * the request goes on, unless the plugin is `failClosed`.
 */
export interface Plugin {
  readonly name: string;
  /** Reject the request when this plugin fails, instead of going on without it. */
  readonly failClosed?: boolean;
  onRequest?(request: PluginRequest): ShortCircuit | undefined | void | Promise<ShortCircuit | undefined | void>;
  onResponse?(request: PluginRequest, outcome: ResponseOutcome): void | Promise<void>;
  onStreamChunk?(request: PluginRequest, chunk: StreamChunk): StreamChunk | null | undefined | void;
  close?(): void | Promise<void>;
}
