import type { OpenAICompatibleProfile } from '../openai-compatible/profile.js';

/**
 * xAI (Grok). https://docs.x.ai/docs/api-reference : chat completions (reasoning text
 * in `reasoning_content` for models that show it), the Responses API, legacy completions.
 */
export const xaiProfile = {
  id: 'xai',
  description: 'xAI Grok (chat completions, Responses API, completions, models)',
  defaultBaseUrl: 'https://api.x.ai',
  envKey: 'XAI_API_KEY',
  requiresKey: true,
  auth: { type: 'bearer' },
  paths: { chat: '/v1/chat/completions', models: '/v1/models', completions: '/v1/completions', responses: '/v1/responses' },
  capabilities: { chat: true, chatStream: true, embeddings: false, listModels: true, tools: true, vision: true, jsonSchema: true, reasoning: true, completions: true, responses: true },
  streamUsage: true,
  developerRole: 'system',
} as const satisfies OpenAICompatibleProfile;
