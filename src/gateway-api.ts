import type {
  CancelSignal,
  ChatRequest,
  ChatResponse,
  CompletionRequest,
  CompletionResponse,
  EmbeddingRequest,
  EmbeddingResponse,
  ModelList,
  NativeApi,
  PassthroughRequest,
  PassthroughResponse,
  ResponsesEvent,
  ResponsesRequest,
  ResponsesResponse,
  StreamChunk,
} from './api/index.js';
import type { Config, ConfigInput } from './config/schema.js';
import type { Account } from './core/account.js';
import type { RequestContext, RequestContextInit } from './core/request-context.js';
import type { UpstreamClientOptions } from './http/upstream-client.js';
import type { Logger } from './logging/logger.js';
import type { Plugin } from './plugins/contract.js';
import type { PluginHost } from './plugins/plugin-host.js';
import type { GatewayMetrics } from './metrics/gateway-metrics.js';
import type { GatewayTracing } from './tracing/gateway-tracing.js';
import type { RequestLog } from './logs/request-log.js';
import type { CacheStore } from './cache/cache-store.js';
import type { GovernanceManager } from './governance/manager/governance-manager.js';

/** How to create a gateway: from a config (either Bifrost form) or from an `Account`; with neither, the defaults of `defaultConfig`. */
export interface GatewayOptions {
  /** The same schema as `config.json`. `env.NAME` strings are resolved from `env`. */
  config?: ConfigInput | Record<string, unknown>;
  /** Providers and keys from your own source (a secret manager, say), instead of `config`. */
  account?: Account;
  plugins?: readonly Plugin[];
  logger?: Logger;
  /** Where `config` came from (a file path), named in configuration errors. */
  configSource?: string;
  /** Environment for `env.NAME` references; `process.env` by default. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Random source for key choice and jitter; inject one to make tests deterministic. */
  random?: () => number;
  /** Clock in milliseconds for routing state (circuits, cooldowns, rate hints; `performance.now` by default); inject one to make tests deterministic. */
  now?: () => number;
  upstream?: UpstreamClientOptions;
  /**
   * The gateway's data directory (the CLI's `--app-dir`). With one, request logs go to
   * `<appDir>/logs.db` unless `logs_store` says otherwise; without one, only a configured
   * `logs_store` (with a SQLite `config.path`, or PostgreSQL) turns request logs on.
   */
  appDir?: string;
}

/** Per-call options: a request context to fill (the server passes one), or its parts. */
export interface CallOptions extends RequestContextInit {
  context?: RequestContext;
}

/** The gateway: the library every transport (the HTTP server included) uses. */
export interface Gateway {
  /** A chat completion. */
  chat(request: ChatRequest, options?: CallOptions): Promise<ChatResponse>;
  /**
   * A streamed chat completion, as normalized chunks. Errors before the first chunk
   * are thrown (and may have been retried); after it, they arrive as an `error` chunk.
   */
  chatStream(request: ChatRequest, options?: CallOptions): AsyncGenerator<StreamChunk, void, undefined>;
  /**
   * A legacy text completion (`/v1/completions`): the provider's own endpoint when it
   * has one, otherwise through chat (each prompt one chat request; plugins see those).
   */
  complete(request: CompletionRequest, options?: CallOptions): Promise<CompletionResponse>;
  /** A streamed text completion, as normalized chunks; errors as for `chatStream`. */
  completeStream(request: CompletionRequest, options?: CallOptions): AsyncGenerator<StreamChunk, void, undefined>;
  /**
   * A Responses API call (`/v1/responses`): passed through to a provider that has the
   * API, otherwise translated through chat (plugins see that chat request).
   */
  respond(request: ResponsesRequest, options?: CallOptions): Promise<ResponsesResponse>;
  /**
   * A streamed Responses API call, as Responses events (`response.created`, ...,
   * `response.completed`). Errors before the first event are thrown; after it they
   * arrive as an `error` event.
   */
  respondStream(request: ResponsesRequest, options?: CallOptions): AsyncGenerator<ResponsesEvent, void, undefined>;
  /** Embeddings; with `encoding_format: "base64"` every vector is base64 float32, whatever the provider returned. */
  embed(request: EmbeddingRequest, options?: CallOptions): Promise<EmbeddingResponse>;
  /** The models served, as `provider/model`; with `provider`, that provider's only (404 `provider_not_found` if unknown). */
  /**
   * A request in a vendor API's own shape (Anthropic Messages, Gemini), passed to
   * the model's provider when its adapter serves that API natively; `undefined`
   * when it does not, and the caller translates it through `chat` instead.
   * Plugins do not see passed-through requests.
   */
  passthrough(request: PassthroughRequest, options?: CallOptions): Promise<PassthroughResponse | undefined>;
  listModels(options?: { provider?: string; signal?: CancelSignal }): Promise<ModelList>;
  /**
   * The model a vendor API surface routes to: `model` as given when it names its
   * provider (`provider/model`) or a configured key lists it by name; otherwise
   * `provider/model` for the first provider that serves `api` natively (a bare
   * `gemini-2.5-flash` sent to the Gemini surface); unchanged when none does.
   */
  resolveNativeModel(api: NativeApi, model: string): Promise<string>;
  /** Resolves once providers are loaded; rejects with a `ConfigError` if they cannot be. */
  ready(): Promise<void>;
  /** Closes plugins and upstream connections; calling it again returns the same promise. */
  close(): Promise<void>;
  /** The validated config (`undefined` in account mode). */
  readonly config: Config | undefined;
  /** What the config validation noticed but accepted (unknown keys, ...). */
  readonly warnings: readonly string[];
  readonly plugins: PluginHost;
  /** The gateway's Prometheus metrics (its own registry), served by the HTTP server at `GET /metrics`. */
  readonly metrics?: GatewayMetrics;
  /** The gateway's OpenTelemetry traces, when `tracing.enabled` is on; the HTTP server starts and ends each request's span. */
  readonly tracing?: GatewayTracing | undefined;
  /** The request log, when on (`logs_store`, or an app directory): the HTTP server records each model call in it; `query` and `stats` read it. */
  readonly logs?: RequestLog | undefined;
  /** The response cache's store, when the `semantic_cache` plugin is on (`DELETE /api/cache/...` use it). */
  readonly cache?: CacheStore | undefined;
  /** Governance entities and their management (`/api/governance/...`), when governance is on (a `governance` section or an admin key). */
  readonly governance?: GovernanceManager | undefined;
}
