import type {
  CancelSignal,
  ChatRequest,
  ChatResponse,
  CompletionRequest,
  CompletionResponse,
  EmbeddingRequest,
  EmbeddingResponse,
  NativeApi,
  PassthroughRequest,
  PassthroughResponse,
  ResponsesEvent,
  ResponsesRequest,
  ResponsesResponse,
  StreamChunk,
} from '../api/index.js';
import type { UpstreamClient } from '../http/upstream-client.js';

/** A provider key as configured (`providers.<name>.keys[i]`), with `env.` references resolved. */
export interface ProviderKey {
  id?: string;
  name?: string;
  value: string;
  models: string[];
  weight: number;
  /** Provider-specific settings (`azure_key_config`, `bedrock_key_config`, ...). */
  [setting: string]: unknown;
}

/** Where and how one provider is called; built once from config. */
export interface ProviderSettings {
  /** The configured provider name (`openai`, or a custom name). */
  provider: string;
  /**
   * The origin to call, without a trailing slash and without `/v1`. When it is the
   * adapter's `defaultBaseUrl` it may hold placeholders such as `{region}`, which
   * the adapter fills from the key.
   */
  baseUrl: string;
  /** Whether `baseUrl` came from `network_config.base_url` (then it wins over per-key endpoints). */
  customBaseUrl: boolean;
  extraHeaders: Readonly<Record<string, string>>;
  timeoutMs: number;
}

/** Everything an adapter needs for one upstream attempt. */
export interface AdapterCall<Request> {
  /** The caller's request, with `model` already set to the provider's own model name. */
  request: Request;
  key: ProviderKey;
  settings: ProviderSettings;
  http: UpstreamClient;
  signal: CancelSignal | undefined;
  /** Parameters dropped or changed for this provider are reported here, never silently. */
  warnings: string[];
  /**
   * Caller headers the gateway forwards (vendor headers such as `anthropic-beta`,
   * allowed by `client.header_filter_config`); adapters add them to the upstream
   * request, after their own. Absent when there are none.
   */
  forwardHeaders?: Readonly<Record<string, string>>;
}

/** What a provider can do; the core and `docs/providers.md` read this, never the provider's name. */
export interface ProviderCapabilities {
  chat: boolean;
  chatStream: boolean;
  embeddings: boolean;
  listModels: boolean;
  tools: boolean;
  vision: boolean;
  jsonSchema: boolean;
  /** Reasoning controls (`reasoning_effort`, thinking budgets) and reasoning text in answers. */
  reasoning: boolean;
  /** A native legacy text-completions endpoint (`completions`); without it `/v1/completions` goes through chat. */
  completions: boolean;
  /** A native Responses API (`responses`); without it `/v1/responses` goes through chat. */
  responses: boolean;
}

/** How a provider frames its streams. */
export type StreamFraming = 'sse' | 'aws-event-stream' | 'ndjson' | 'none';

/**
 * A provider adapter: one upstream attempt per call, in the provider's wire
 * format. Retries, key choice, limits and plugins belong to the core.
 * Operations a provider lacks are absent (and `capabilities` says so).
 */
export interface ProviderAdapter {
  /** The adapter's id, also the provider name it serves by default. */
  readonly id: string;
  readonly description: string;
  /** The provider's public API origin, used when `network_config.base_url` is absent. */
  readonly defaultBaseUrl: string;
  /** The usual environment variable of the provider's key; set, it enables the provider without a config file. */
  readonly envKey?: string;
  /** Whether calls need a key value (a local or built-in provider may not). */
  readonly requiresKey: boolean;
  readonly framing: StreamFraming;
  readonly capabilities: ProviderCapabilities;

  chat?(call: AdapterCall<ChatRequest>): Promise<ChatResponse>;
  /**
   * Starts a stream. Resolves once the provider accepted the request; rejects
   * with a `GatewayError` if it did not. Iterating yields normalized chunks,
   * starting with a `start` chunk.
   */
  chatStream?(call: AdapterCall<ChatRequest>): Promise<AsyncIterable<StreamChunk>>;
  embed?(call: AdapterCall<EmbeddingRequest>): Promise<EmbeddingResponse>;
  /** Native legacy text completion (OpenAI `/v1/completions` wire). */
  completions?(call: AdapterCall<CompletionRequest>): Promise<CompletionResponse>;
  /** Native streamed text completion, as normalized chunks (text deltas, finish, usage). */
  completionsStream?(call: AdapterCall<CompletionRequest>): Promise<AsyncIterable<StreamChunk>>;
  /** Native Responses API, passed through: the provider's answer as it came. */
  responses?(call: AdapterCall<ResponsesRequest>): Promise<ResponsesResponse>;
  /** Native streamed Responses API: the provider's events as they came (each has its `type`). */
  responsesStream?(call: AdapterCall<ResponsesRequest>): Promise<AsyncIterable<ResponsesEvent>>;
  /** The vendor APIs this provider serves natively, for `passthrough`. */
  readonly nativeApis?: readonly NativeApi[];
  /**
   * Passes a request in one of `nativeApis` to the provider as it came (only the
   * model changed) and resolves with the provider's 2xx answer, body unread; a
   * refused request rejects with the mapped `GatewayError`, as for `chat`.
   */
  passthrough?(call: AdapterCall<PassthroughRequest>): Promise<PassthroughResponse>;
  /**
   * Problems with a key's provider-specific settings (`bedrock_key_config`, ...), checked
   * at start so a bad key fails the config, not every request. Each problem starts with
   * the field's path inside the key (`bedrock_key_config.region: required ...`).
   */
  checkKey?(key: ProviderKey, settings: { customBaseUrl: boolean }): string[];
  /**
   * The key a caller's direct key (`client.allow_direct_keys`) stands for: `value`
   * with the settings of `template`, a configured key (endpoint, region, deployments),
   * minus the settings that are credentials themselves (which would be used instead
   * of `value`). Absent: `value` with all of the template's settings.
   */
  directKey?(value: string, template: ProviderKey): ProviderKey;
  /** The provider's model names (without the provider prefix). */
  listModels?(call: Omit<AdapterCall<undefined>, 'request' | 'warnings'>): Promise<string[]>;
}
