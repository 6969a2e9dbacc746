import type { OpenAICompatibleProfile } from '../openai-compatible/profile.js';

/**
 * Together AI. https://docs.together.ai/reference/chat-completions-1 : chat, legacy
 * completions and embeddings on open models; reasoning models put their text in `reasoning`.
 */
export const togetherProfile = {
  id: 'together',
  description: 'Together AI (chat completions, completions, embeddings, models)',
  defaultBaseUrl: 'https://api.together.xyz',
  envKey: 'TOGETHER_API_KEY',
  requiresKey: true,
  auth: { type: 'bearer' },
  paths: { chat: '/v1/chat/completions', embeddings: '/v1/embeddings', models: '/v1/models', completions: '/v1/completions' },
  capabilities: { chat: true, chatStream: true, embeddings: true, listModels: true, tools: true, vision: true, jsonSchema: true, reasoning: true, completions: true, responses: false },
  streamUsage: true,
  developerRole: 'system',
  reasoningField: 'reasoning',
} as const satisfies OpenAICompatibleProfile;
