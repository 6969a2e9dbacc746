import type { ProviderCapabilities, ProviderKey, ProviderSettings } from '../contract.js';

/** The upstream operations of the OpenAI wire format. */
export type OpenAIOperation = 'chat' | 'embeddings' | 'completions' | 'responses' | 'models';

/** What a URL builder gets: the key and settings of the attempt, and the request (absent for model listing). */
export interface OpenAIUrlContext {
  key: ProviderKey;
  settings: ProviderSettings;
  request?: { model: string };
}

/**
 * What distinguishes one provider that speaks OpenAI's wire format from another:
 * data, not code. Each such provider is one of these over the shared adapter.
 */
export interface OpenAICompatibleProfile {
  id: string;
  description: string;
  defaultBaseUrl: string;
  envKey?: string;
  requiresKey: boolean;
  /** How the key is sent: `Authorization: Bearer <key>` or a named header carrying the bare key. */
  auth: { type: 'bearer' } | { type: 'header'; name: string } | { type: 'none' };
  /** Paths under the base URL; an operation without a path is not offered (its capability is false). */
  paths: { chat: string; embeddings?: string; models?: string; completions?: string; responses?: string };
  capabilities: ProviderCapabilities;
  /** Whether the provider takes `stream_options.include_usage` (the gateway then always asks for usage). */
  streamUsage: boolean;
  /** The provider rejects `stream_options` (it reports usage in its last chunk unasked): it is left out of streamed calls. */
  dropStreamOptions?: boolean;
  /** Chat request fields the provider rejects or ignores; dropped with a warning. */
  unsupportedParams?: readonly string[];
  /** Legacy completion request fields the provider rejects or ignores; dropped with a warning. */
  unsupportedCompletionParams?: readonly string[];
  /** The provider has no `developer` role: developer messages are sent as `system`. */
  developerRole?: 'system';
  /** Message fields the provider rejects (`name`); dropped from every message, with a warning. */
  unsupportedMessageFields?: readonly string[];
  /** Chat request fields the provider takes under another name (`seed` → `random_seed`); renamed as sent. */
  renamedParams?: Readonly<Record<string, string>>;
  /**
   * The provider has no `json_object` mode: it is sent as a `json_schema` that allows
   * any object (with a warning), or refused with `invalid_request`. (A provider without
   * `json_schema` declares `capabilities.jsonSchema: false`; the core refuses those requests.)
   */
  responseFormat?: { jsonObject: 'as-json-schema' | 'reject' };
  /** The message field the provider puts reasoning text in when it is not `reasoning_content` (answers are read into `reasoning_content`). */
  reasoningField?: 'reasoning';
  /**
   * The key setting whose `url` is the origin of a self-hosted server (`ollama_key_config`):
   * it replaces `defaultBaseUrl` per key; `network_config.base_url` still wins.
   */
  keyBaseUrl?: string;
  /**
   * Builds the URL itself when it depends on the key or the model (Azure's deployments).
   * Without it, the URL is the base URL joined with `paths[operation]`.
   */
  url?: (context: OpenAIUrlContext, operation: OpenAIOperation) => string;
}
