import type { OpenAICompatibleProfile } from '../openai-compatible/profile.js';

/**
 * Groq. https://console.groq.com/docs/openai : `logprobs`, `logit_bias`, `top_logprobs`
 * and `messages[].name` are refused with a 400; reasoning text comes in `reasoning`
 * (`reasoning_format: "parsed"`); the Responses API is offered too.
 */
export const groqProfile = {
  id: 'groq',
  description: 'Groq (chat completions, Responses API, models)',
  defaultBaseUrl: 'https://api.groq.com/openai',
  envKey: 'GROQ_API_KEY',
  requiresKey: true,
  auth: { type: 'bearer' },
  paths: { chat: '/v1/chat/completions', models: '/v1/models', responses: '/v1/responses' },
  capabilities: { chat: true, chatStream: true, embeddings: false, listModels: true, tools: true, vision: true, jsonSchema: true, reasoning: true, completions: false, responses: true },
  streamUsage: true,
  developerRole: 'system',
  unsupportedParams: ['logprobs', 'logit_bias', 'top_logprobs'],
  unsupportedMessageFields: ['name'],
  reasoningField: 'reasoning',
} as const satisfies OpenAICompatibleProfile;
