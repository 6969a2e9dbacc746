import type { OpenAICompatibleProfile } from '../openai-compatible/profile.js';

/**
 * Ollama's OpenAI-compatible endpoints. https://docs.ollama.com/api/openai-compatibility :
 * `tool_choice`, `logit_bias`, `user` and `n` are not supported, `max_tokens` (not
 * `max_completion_tokens`) bounds the answer, images must be data URLs, reasoning text
 * comes in `reasoning`. The server is per key (`ollama_key_config.url`), no key needed.
 */
export const ollamaProfile = {
  id: 'ollama',
  description: 'Ollama (chat completions, completions, embeddings, Responses API, models)',
  defaultBaseUrl: 'http://localhost:11434',
  requiresKey: false,
  auth: { type: 'bearer' },
  paths: { chat: '/v1/chat/completions', embeddings: '/v1/embeddings', models: '/v1/models', completions: '/v1/completions', responses: '/v1/responses' },
  capabilities: { chat: true, chatStream: true, embeddings: true, listModels: true, tools: true, vision: true, jsonSchema: true, reasoning: true, completions: true, responses: true },
  streamUsage: true,
  developerRole: 'system',
  renamedParams: { max_completion_tokens: 'max_tokens' },
  unsupportedParams: ['tool_choice', 'logit_bias', 'user', 'n'],
  unsupportedCompletionParams: ['best_of', 'echo', 'logit_bias', 'user', 'n'],
  reasoningField: 'reasoning',
  keyBaseUrl: 'ollama_key_config',
} as const satisfies OpenAICompatibleProfile;
