import type { OpenAICompatibleProfile } from '../openai-compatible/profile.js';

/** OpenAI's own API. https://platform.openai.com/docs/api-reference */
export const openaiProfile = {
  id: 'openai',
  description: 'OpenAI API (chat completions, embeddings, models, legacy completions, Responses API)',
  defaultBaseUrl: 'https://api.openai.com',
  envKey: 'OPENAI_API_KEY',
  requiresKey: true,
  auth: { type: 'bearer' },
  paths: { chat: '/v1/chat/completions', embeddings: '/v1/embeddings', models: '/v1/models', completions: '/v1/completions', responses: '/v1/responses' },
  capabilities: { chat: true, chatStream: true, embeddings: true, listModels: true, tools: true, vision: true, jsonSchema: true, reasoning: true, completions: true, responses: true },
  streamUsage: true,
} as const satisfies OpenAICompatibleProfile;
