import type { OpenAICompatibleProfile } from '../openai-compatible/profile.js';
import { toAzureUrl } from './url.js';

/**
 * Azure OpenAI: OpenAI's wire format on per-resource endpoints, one deployment per
 * model, authenticated with an `api-key` header.
 * https://learn.microsoft.com/azure/ai-foundry/openai/reference
 */
export const azureProfile = {
  id: 'azure',
  description: 'Azure OpenAI (chat completions, embeddings, completions, Responses API on deployments)',
  defaultBaseUrl: 'https://{resource}.openai.azure.com',
  requiresKey: true,
  auth: { type: 'header', name: 'api-key' },
  // Paths are built by `url` (deployments and api-version); these name the operations offered.
  paths: { chat: '/chat/completions', embeddings: '/embeddings', completions: '/completions', responses: '/responses' },
  capabilities: { chat: true, chatStream: true, embeddings: true, listModels: true, tools: true, vision: true, jsonSchema: true, reasoning: true, completions: true, responses: true },
  streamUsage: true,
  url: toAzureUrl,
} as const satisfies OpenAICompatibleProfile;
