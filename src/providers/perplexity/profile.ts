import type { OpenAICompatibleProfile } from '../openai-compatible/profile.js';

/**
 * Perplexity (Sonar). https://docs.perplexity.ai/api-reference/chat-completions-post :
 * `POST /chat/completions` without `/v1`; no function calling; structured output
 * through `json_schema` only (a `json_object` is sent as a schema allowing any object);
 * usage arrives in the stream unasked; no model listing.
 */
export const perplexityProfile = {
  id: 'perplexity',
  description: 'Perplexity Sonar (chat completions with web search)',
  defaultBaseUrl: 'https://api.perplexity.ai',
  envKey: 'PERPLEXITY_API_KEY',
  requiresKey: true,
  auth: { type: 'bearer' },
  paths: { chat: '/chat/completions' },
  capabilities: { chat: true, chatStream: true, embeddings: false, listModels: false, tools: false, vision: true, jsonSchema: true, reasoning: false, completions: false, responses: false },
  streamUsage: false,
  dropStreamOptions: true,
  developerRole: 'system',
  unsupportedParams: ['tools', 'tool_choice', 'parallel_tool_calls', 'logit_bias', 'logprobs', 'top_logprobs', 'n', 'seed'],
  responseFormat: { jsonObject: 'as-json-schema' },
} as const satisfies OpenAICompatibleProfile;
