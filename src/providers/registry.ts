import type { AutoProvider } from '../config/default-config.js';
import { anthropicAdapter } from './anthropic/adapter.js';
import { azureAdapter } from './azure/adapter.js';
import { bedrockAdapter } from './bedrock/adapter.js';
import { cohereAdapter } from './cohere/adapter.js';
import type { ProviderAdapter } from './contract.js';
import { geminiAdapter } from './gemini/adapter.js';
import { mockAdapter } from './mock/adapter.js';
import { openaiAdapter } from './openai/adapter.js';
import { openAICompatibleFamily } from './openai-compatible-family.js';
import { vertexAdapter } from './vertex/adapter.js';

/** Every adapter the gateway ships, by id. Adding a provider means adding it here. */
export const adapters: ReadonlyMap<string, ProviderAdapter> = new Map(
  [openaiAdapter, anthropicAdapter, geminiAdapter, bedrockAdapter, vertexAdapter, azureAdapter, cohereAdapter, ...openAICompatibleFamily, mockAdapter].map(
    (adapter) => [adapter.id, adapter],
  ),
);

/** Providers enabled without a config file when their key variable is set. */
export const autoProviders: readonly AutoProvider[] = [...adapters.values()].flatMap((adapter) =>
  adapter.envKey ? [{ name: adapter.id, envKey: adapter.envKey }] : [],
);

/**
 * The adapter for a configured provider: its own when the name is known, or the
 * adapter of `custom_provider_config.base_provider_type` for a custom provider.
 */
export function findAdapter(name: string, baseProviderType?: string): ProviderAdapter | undefined {
  return adapters.get(baseProviderType?.toLowerCase() ?? name);
}
