import type { ChatRequest } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import { toCohereMessages } from './messages.js';
import { toCohereThinking } from './reasoning.js';
import { toCohereTools } from './tools.js';

/** Cohere's own chat fields a caller may send as extensions; forwarded as they are. */
const nativeParams = new Set(['k', 'safety_mode', 'documents', 'citation_options', 'strict_tools', 'priority', 'thinking']);

/** OpenAI fields this adapter reads itself (the rest are Cohere's own, or dropped with a warning). */
const translatedParams = new Set([
  'model', 'messages', 'stream', 'stream_options', 'max_tokens', 'max_completion_tokens', 'temperature', 'top_p', 'n', 'stop', 'seed',
  'presence_penalty', 'frequency_penalty', 'tools', 'tool_choice', 'parallel_tool_calls', 'response_format', 'reasoning_effort',
]);

/** Cohere's range of `p` (https://docs.cohere.com/v2/reference/chat). */
const minP = 0.01;
const maxP = 0.99;

/**
 * Builds the body of `POST /v2/chat` (https://docs.cohere.com/v2/reference/chat) from an
 * OpenAI request in one pass. Parameters Cohere cannot take are dropped, each with a warning;
 * a `response_format` it cannot express is refused.
 */
export function toCohereChatBody(request: ChatRequest, stream: boolean, provider: string, warnings: string[]): string {
  const body: Record<string, unknown> = { model: request.model, messages: toCohereMessages(request.messages, provider, warnings), stream };
  for (const key in request) {
    const value = request[key];
    if (value === undefined || value === null || translatedParams.has(key)) continue;
    if (nativeParams.has(key)) body[key] = value;
    else warnings.push(`${key} is not supported by ${provider} and was dropped`);
  }
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (maxTokens !== undefined && maxTokens !== null) body.max_tokens = maxTokens;
  if (request.temperature !== undefined && request.temperature !== null) body.temperature = request.temperature;
  if (request.top_p !== undefined && request.top_p !== null) body.p = toP(request.top_p, provider, warnings);
  if (request.stop !== undefined && request.stop !== null) body.stop_sequences = typeof request.stop === 'string' ? [request.stop] : request.stop;
  if (request.seed !== undefined && request.seed !== null) body.seed = request.seed;
  if (request.frequency_penalty !== undefined && request.frequency_penalty !== null) body.frequency_penalty = request.frequency_penalty;
  if (request.presence_penalty !== undefined && request.presence_penalty !== null) body.presence_penalty = request.presence_penalty;
  if (request.n !== undefined && request.n !== null && request.n !== 1) warnings.push(`n is not supported by ${provider} and was dropped (one choice is returned)`);
  if (request.parallel_tool_calls === false) warnings.push(`parallel_tool_calls false is not supported by ${provider} and was dropped`);
  Object.assign(body, toCohereTools(request, provider, warnings));
  if (request.response_format) {
    const format = toResponseFormat(request.response_format);
    if (format) body.response_format = format;
  }
  if (request.reasoning_effort !== undefined && request.reasoning_effort !== null) {
    const thinking = toCohereThinking(request.reasoning_effort);
    if (thinking) body.thinking = thinking;
    else warnings.push(`reasoning_effort '${request.reasoning_effort}' is not supported by ${provider} and was dropped`);
  }
  return JSON.stringify(body);
}

function toP(topP: number, provider: string, warnings: string[]): number {
  if (topP >= minP && topP <= maxP) return topP;
  const p = topP < minP ? minP : maxP;
  warnings.push(`top_p ${topP} is outside ${provider}'s range (${minP} to ${maxP}) and was sent as ${p}`);
  return p;
}

/** `json_object` and `json_schema` are both Cohere's `json_object`, the latter with its `json_schema`. */
function toResponseFormat(format: NonNullable<ChatRequest['response_format']>): Record<string, unknown> | undefined {
  switch (format.type) {
    case 'text':
      return undefined;
    case 'json_object':
      return { type: 'json_object' };
    case 'json_schema': {
      const schema = (format as { json_schema?: { schema?: unknown } }).json_schema?.schema;
      return schema === undefined ? { type: 'json_object' } : { type: 'json_object', json_schema: schema };
    }
    default:
      throw errors.invalidRequest(`response_format type '${String((format as { type: unknown }).type)}' is not supported; use json_object or json_schema.`, 'response_format');
  }
}
