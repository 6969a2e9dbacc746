import type { OpenAICompatibleProfile } from '../openai-compatible/profile.js';

/**
 * Mistral AI. https://docs.mistral.ai/api/ (chat completions, embeddings, models).
 * It takes the seed as `random_seed` and `max_tokens` only, has no `developer` role,
 * reports usage in the last stream chunk unasked, and rejects fields it does not know.
 */
export const mistralProfile = {
  id: 'mistral',
  description: 'Mistral AI (chat completions, embeddings, models)',
  defaultBaseUrl: 'https://api.mistral.ai',
  envKey: 'MISTRAL_API_KEY',
  requiresKey: true,
  auth: { type: 'bearer' },
  paths: { chat: '/v1/chat/completions', embeddings: '/v1/embeddings', models: '/v1/models' },
  capabilities: { chat: true, chatStream: true, embeddings: true, listModels: true, tools: true, vision: true, jsonSchema: true, reasoning: false, completions: false, responses: false },
  streamUsage: false,
  dropStreamOptions: true,
  developerRole: 'system',
  renamedParams: { seed: 'random_seed', max_completion_tokens: 'max_tokens' },
  unsupportedParams: ['logit_bias', 'logprobs', 'top_logprobs', 'user', 'service_tier', 'store', 'metadata', 'reasoning_effort'],
} as const satisfies OpenAICompatibleProfile;
