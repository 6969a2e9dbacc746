import type { OpenAICompatibleProfile } from '../openai-compatible/profile.js';

/**
 * DeepSeek. https://api-docs.deepseek.com/api/create-chat-completion : reasoning text
 * in `reasoning_content`; JSON output through `json_object` only (no `json_schema`:
 * such requests are refused); thinking is chosen by model (`deepseek-reasoner`),
 * not by `reasoning_effort`.
 */
export const deepseekProfile = {
  id: 'deepseek',
  description: 'DeepSeek (chat completions, models)',
  defaultBaseUrl: 'https://api.deepseek.com',
  envKey: 'DEEPSEEK_API_KEY',
  requiresKey: true,
  auth: { type: 'bearer' },
  paths: { chat: '/chat/completions', models: '/models' },
  capabilities: { chat: true, chatStream: true, embeddings: false, listModels: true, tools: true, vision: false, jsonSchema: false, reasoning: true, completions: false, responses: false },
  streamUsage: true,
  developerRole: 'system',
  renamedParams: { max_completion_tokens: 'max_tokens' },
  unsupportedParams: ['seed', 'n', 'logit_bias', 'parallel_tool_calls', 'reasoning_effort', 'service_tier'],
} as const satisfies OpenAICompatibleProfile;
