import type { ProviderCapabilities } from '../contract.js';

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
  paths: { chat: string; embeddings?: string; models?: string };
  capabilities: ProviderCapabilities;
  /** Whether the provider takes `stream_options.include_usage` (the gateway then always asks for usage). */
  streamUsage: boolean;
  /** Request fields the provider rejects; dropped with a warning. */
  unsupportedParams?: readonly string[];
}
