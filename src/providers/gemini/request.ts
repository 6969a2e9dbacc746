import type { ChatRequest } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import { toGeminiContents } from './messages.js';
import { toGeminiToolConfig, toGeminiTools } from './tools.js';
import type { GeminiGenerationConfig, GeminiRequestBody } from './wire.js';

export type { GeminiRequestBody } from './wire.js';

/**
 * `reasoning_effort` as a thinking budget in tokens, the values Google's own
 * OpenAI-compatible endpoint uses (https://ai.google.dev/gemini-api/docs/openai#thinking).
 */
export const thinkingBudgets: Readonly<Record<string, number>> = {
  none: 0,
  minimal: 1024,
  low: 1024,
  medium: 8192,
  high: 24576,
} satisfies Record<string, number>;

/** Request fields this translation reads; any other set field is dropped with a warning. */
const translated = new Set([
  'model', 'messages', 'stream', 'stream_options', 'max_tokens', 'max_completion_tokens', 'temperature', 'top_p', 'n', 'stop', 'seed',
  'presence_penalty', 'frequency_penalty', 'tools', 'tool_choice', 'parallel_tool_calls', 'response_format', 'reasoning_effort',
]);

/**
 * Builds the body of a Gemini `generateContent` / `streamGenerateContent` call (the
 * model goes in the URL). Parameters Gemini cannot take are dropped with a warning.
 */
export function toGeminiRequest(request: ChatRequest, provider: string, warnings: string[]): GeminiRequestBody {
  const { systemInstruction, contents } = toGeminiContents(request.messages);
  const body: GeminiRequestBody = { contents };
  if (systemInstruction) body.systemInstruction = systemInstruction;
  if (request.tools && request.tools.length > 0) body.tools = toGeminiTools(request.tools);
  if (request.tool_choice !== undefined && request.tool_choice !== null) body.toolConfig = toGeminiToolConfig(request.tool_choice);
  const config = toGenerationConfig(request, provider, warnings);
  if (config) body.generationConfig = config;
  if (request.parallel_tool_calls === false) warnings.push(`parallel_tool_calls is not supported by ${provider} and was dropped`);
  for (const field in request) {
    if (!translated.has(field) && request[field] !== undefined && request[field] !== null) warnings.push(`${field} is not supported by ${provider} and was dropped`);
  }
  return body;
}

function toGenerationConfig(request: ChatRequest, provider: string, warnings: string[]): GeminiGenerationConfig | undefined {
  const config: GeminiGenerationConfig = {};
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (maxTokens != null) config.maxOutputTokens = maxTokens;
  if (request.temperature != null) config.temperature = request.temperature;
  if (request.top_p != null) config.topP = request.top_p;
  if (request.stop != null) config.stopSequences = typeof request.stop === 'string' ? [request.stop] : request.stop;
  if (request.seed != null) config.seed = request.seed;
  if (request.n != null && request.n !== 1) config.candidateCount = request.n;
  if (request.presence_penalty != null) config.presencePenalty = request.presence_penalty;
  if (request.frequency_penalty != null) config.frequencyPenalty = request.frequency_penalty;
  const format = request.response_format;
  if (format && format.type !== 'text') {
    if (format.type !== 'json_object' && format.type !== 'json_schema') {
      throw errors.invalidRequest(`response_format type '${(format as { type: string }).type}' is not supported.`, 'response_format');
    }
    config.responseMimeType = 'application/json';
    if (format.type === 'json_schema' && format.json_schema?.schema) config.responseJsonSchema = format.json_schema.schema;
  }
  const effort = request.reasoning_effort;
  if (effort != null) {
    const budget = thinkingBudgets[effort];
    if (budget === undefined) warnings.push(`reasoning_effort '${effort}' is not supported by ${provider} and was dropped`);
    else config.thinkingConfig = budget === 0 ? { thinkingBudget: 0 } : { thinkingBudget: budget, includeThoughts: true };
  }
  for (const _ in config) return config;
  return undefined;
}
