import type { OpenAICompatibleProfile } from '../openai-compatible/profile.js';

/**
 * vLLM's OpenAI-compatible server. https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html :
 * chat, legacy completions, embeddings, the Responses API and models on a self-hosted
 * server (`vllm_key_config.url` per key); reasoning text in `reasoning` (older
 * releases: `reasoning_content`). A key is needed only if the server was started with `--api-key`.
 */
export const vllmProfile = {
  id: 'vllm',
  description: 'vLLM (self-hosted: chat completions, completions, embeddings, Responses API, models)',
  defaultBaseUrl: 'http://localhost:8000',
  requiresKey: false,
  auth: { type: 'bearer' },
  paths: { chat: '/v1/chat/completions', embeddings: '/v1/embeddings', models: '/v1/models', completions: '/v1/completions', responses: '/v1/responses' },
  capabilities: { chat: true, chatStream: true, embeddings: true, listModels: true, tools: true, vision: true, jsonSchema: true, reasoning: true, completions: true, responses: true },
  streamUsage: true,
  developerRole: 'system',
  reasoningField: 'reasoning',
  keyBaseUrl: 'vllm_key_config',
} as const satisfies OpenAICompatibleProfile;
