import type { OpenAICompatibleProfile } from '../openai-compatible/profile.js';

/**
 * SGLang's OpenAI-compatible server. https://docs.sglang.ai/basic_usage/openai_api.html :
 * chat, legacy completions, embeddings and models on a self-hosted server
 * (`sgl_key_config.url` per key, port 30000 by default); reasoning text in
 * `reasoning_content` when the server runs a reasoning parser.
 */
export const sglProfile = {
  id: 'sgl',
  description: 'SGLang (self-hosted: chat completions, completions, embeddings, models)',
  defaultBaseUrl: 'http://localhost:30000',
  requiresKey: false,
  auth: { type: 'bearer' },
  paths: { chat: '/v1/chat/completions', embeddings: '/v1/embeddings', models: '/v1/models', completions: '/v1/completions' },
  capabilities: { chat: true, chatStream: true, embeddings: true, listModels: true, tools: true, vision: true, jsonSchema: true, reasoning: true, completions: true, responses: false },
  streamUsage: true,
  developerRole: 'system',
  keyBaseUrl: 'sgl_key_config',
} as const satisfies OpenAICompatibleProfile;
