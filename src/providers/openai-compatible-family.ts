import type { ProviderAdapter } from './contract.js';

/** The providers that speak OpenAI's wire format, each a profile over the shared adapter. */
export const openAICompatibleFamily: readonly ProviderAdapter[] = [];
