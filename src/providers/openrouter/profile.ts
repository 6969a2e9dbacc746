import type { OpenAICompatibleProfile } from '../openai-compatible/profile.js';

/**
 * OpenRouter. https://openrouter.ai/docs/api-reference/overview : one API over many
 * providers; reasoning text in `reasoning` (https://openrouter.ai/docs/use-cases/reasoning-tokens),
 * the provider's own finish reason in `native_finish_reason`.
 */
export const openrouterProfile = {
  id: 'openrouter',
  description: 'OpenRouter (chat completions, completions, Responses API, models)',
  defaultBaseUrl: 'https://openrouter.ai/api',
  envKey: 'OPENROUTER_API_KEY',
  requiresKey: true,
  auth: { type: 'bearer' },
  paths: { chat: '/v1/chat/completions', models: '/v1/models', completions: '/v1/completions', responses: '/v1/responses' },
  capabilities: { chat: true, chatStream: true, embeddings: false, listModels: true, tools: true, vision: true, jsonSchema: true, reasoning: true, completions: true, responses: true },
  streamUsage: true,
  reasoningField: 'reasoning',
} as const satisfies OpenAICompatibleProfile;
