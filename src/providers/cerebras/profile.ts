import type { OpenAICompatibleProfile } from '../openai-compatible/profile.js';

/**
 * Cerebras. https://inference-docs.cerebras.ai/resources/openai : `frequency_penalty`,
 * `logit_bias`, `presence_penalty`, `parallel_tool_calls` and `service_tier` are refused
 * with a 400; the `system` role acts at developer level; reasoning text in `reasoning`.
 */
export const cerebrasProfile = {
  id: 'cerebras',
  description: 'Cerebras (chat completions, completions, models)',
  defaultBaseUrl: 'https://api.cerebras.ai',
  envKey: 'CEREBRAS_API_KEY',
  requiresKey: true,
  auth: { type: 'bearer' },
  paths: { chat: '/v1/chat/completions', models: '/v1/models', completions: '/v1/completions' },
  capabilities: { chat: true, chatStream: true, embeddings: false, listModels: true, tools: true, vision: false, jsonSchema: true, reasoning: true, completions: true, responses: false },
  streamUsage: true,
  developerRole: 'system',
  unsupportedParams: ['frequency_penalty', 'logit_bias', 'presence_penalty', 'parallel_tool_calls', 'service_tier'],
  reasoningField: 'reasoning',
} as const satisfies OpenAICompatibleProfile;
