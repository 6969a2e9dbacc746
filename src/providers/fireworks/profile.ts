import type { OpenAICompatibleProfile } from '../openai-compatible/profile.js';

/**
 * Fireworks AI. https://docs.fireworks.ai/api-reference/post-chatcompletions : chat,
 * legacy completions, embeddings and the Responses API under `/inference/v1`;
 * reasoning text in `reasoning_content`.
 */
export const fireworksProfile = {
  id: 'fireworks',
  description: 'Fireworks AI (chat completions, completions, embeddings, Responses API, models)',
  defaultBaseUrl: 'https://api.fireworks.ai/inference',
  envKey: 'FIREWORKS_API_KEY',
  requiresKey: true,
  auth: { type: 'bearer' },
  paths: { chat: '/v1/chat/completions', embeddings: '/v1/embeddings', models: '/v1/models', completions: '/v1/completions', responses: '/v1/responses' },
  capabilities: { chat: true, chatStream: true, embeddings: true, listModels: true, tools: true, vision: true, jsonSchema: true, reasoning: true, completions: true, responses: true },
  streamUsage: true,
  developerRole: 'system',
} as const satisfies OpenAICompatibleProfile;
