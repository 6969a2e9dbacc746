import type { OpenAICompatibleProfile } from '../openai-compatible/profile.js';

/** OpenAI's own API. https://platform.openai.com/docs/api-reference/chat */
export const openaiProfile = {
  id: 'openai',
  description: 'OpenAI API (chat completions, embeddings, models)',
  defaultBaseUrl: 'https://api.openai.com',
  envKey: 'OPENAI_API_KEY',
  requiresKey: true,
  auth: { type: 'bearer' },
  paths: { chat: '/v1/chat/completions', embeddings: '/v1/embeddings', models: '/v1/models' },
  capabilities: { chat: true, chatStream: true, embeddings: true, listModels: true, tools: true, vision: true, jsonSchema: true, reasoning: true, completions: false, responses: false },
  streamUsage: true,
} as const satisfies OpenAICompatibleProfile;
