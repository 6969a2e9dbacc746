import type { CancelSignal, ChatRequest, ChatResponse, EmbeddingRequest, EmbeddingResponse, StreamChunk } from '../api/index.js';
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
  /** The origin to call, without a trailing slash and without `/v1`. */
  baseUrl: string;
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
  /** The provider's model names (without the provider prefix). */
  listModels?(call: Omit<AdapterCall<undefined>, 'request' | 'warnings'>): Promise<string[]>;
}
