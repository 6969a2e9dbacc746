import type { ChatRequest, ResponsesRequest, ToolDefinition } from '../api/index.js';
import { errors } from '../errors/index.js';
import { toChatMessages } from './responses-input-to-messages.js';

/** Request fields read by `toChatFromResponses`, or restated in the response only. */
const translated: ReadonlySet<string> = new Set([
  'model', 'input', 'instructions', 'stream', 'stream_options', 'tools', 'tool_choice', 'parallel_tool_calls', 'max_output_tokens',
  'temperature', 'top_p', 'text', 'reasoning', 'user', 'metadata', 'store', 'background', 'previous_response_id', 'conversation', 'prompt',
  'fallbacks',
]);

/** Fields that need the state a Responses API provider keeps; the gateway keeps none. */
const stateful = ['previous_response_id', 'conversation', 'prompt'] as const;

/**
 * The chat request that answers a Responses API request for a provider without
 * the API: `instructions` and `input` as messages, function tools, `tool_choice`,
 * `max_output_tokens` as `max_tokens`, `text.format` as `response_format`,
 * `reasoning.effort` as `reasoning_effort`. Stateful options are refused (the
 * gateway stores nothing), tools other than functions too; other fields chat has
 * no equivalent for are dropped, each with a warning.
 */
export function toChatFromResponses(request: ResponsesRequest, provider: string, warnings: string[], stream: boolean): ChatRequest {
  const through = `provider '${provider}', which serves /v1/responses through chat`;
  for (const field of stateful) {
    if (request[field] != null) throw errors.invalidRequest(`${field} needs stored state, which ${through} does not keep.`, field);
  }
  if (request.store === true) throw errors.invalidRequest(`store: true cannot be honoured by ${through}; send store: false.`, 'store');
  if (request.background === true) throw errors.invalidRequest(`background cannot be honoured by ${through}.`, 'background');

  const chat: ChatRequest = { model: request.model, messages: toChatMessages(request.input, request.instructions, provider, warnings) };
  if (Array.isArray(request.tools) && request.tools.length > 0) chat.tools = request.tools.map((tool, i) => toChatTool(tool, i, through));
  if (request.tool_choice != null) chat.tool_choice = toChatToolChoice(request.tool_choice, through);
  if (typeof request.parallel_tool_calls === 'boolean') chat.parallel_tool_calls = request.parallel_tool_calls;
  if (request.max_output_tokens != null) chat.max_tokens = request.max_output_tokens;
  if (request.temperature != null) chat.temperature = request.temperature;
  if (request.top_p != null) chat.top_p = request.top_p;
  if (typeof request.user === 'string') chat.user = request.user;
  const format = request.text?.format;
  if (format != null && format.type !== 'text') chat.response_format = toResponseFormat(format, through);
  if (typeof request.reasoning?.effort === 'string') chat.reasoning_effort = request.reasoning.effort;
  if (stream) chat.stream = true;
  if (request.fallbacks !== undefined) chat.fallbacks = request.fallbacks; // the gateway's own routing field (see docs/routing.md)

  for (const field in request) {
    if (translated.has(field) || request[field] == null || isEmptyDefault(field, request[field])) continue;
    warnings.push(`${field} is not supported when ${provider} serves /v1/responses through chat and was dropped`);
  }
  if (typeof (request.text as { verbosity?: unknown } | null)?.verbosity === 'string') {
    warnings.push(`text.verbosity is not supported when ${provider} serves /v1/responses through chat and was dropped`);
  }
  return chat;
}

/** Values that ask for nothing: an empty `include`, `truncation: "disabled"`. */
function isEmptyDefault(field: string, value: unknown): boolean {
  return (field === 'include' && Array.isArray(value) && value.length === 0) || (field === 'truncation' && value === 'disabled');
}

function toChatTool(tool: { type: string; [field: string]: unknown }, i: number, through: string): ToolDefinition {
  if (tool?.type !== 'function' || typeof tool.name !== 'string') {
    throw errors.invalidRequest(`tools[${i}] of type '${String(tool?.type)}' cannot be sent to ${through}; only function tools (with a name) can.`, `tools[${i}]`);
  }
  const definition: ToolDefinition['function'] = { name: tool.name };
  if (typeof tool.description === 'string') definition.description = tool.description;
  if (tool.parameters != null && typeof tool.parameters === 'object') definition.parameters = tool.parameters as Record<string, unknown>;
  if (typeof tool.strict === 'boolean') definition.strict = tool.strict;
  return { type: 'function', function: definition };
}

function toChatToolChoice(choice: unknown, through: string): ChatRequest['tool_choice'] {
  if (choice === 'none' || choice === 'auto' || choice === 'required') return choice;
  const named = choice as { type?: unknown; name?: unknown };
  if (named?.type === 'function' && typeof named.name === 'string') return { type: 'function', function: { name: named.name } };
  throw errors.invalidRequest(`tool_choice ${JSON.stringify(choice)} cannot be sent to ${through}; use none, auto, required or {"type":"function","name":...}.`, 'tool_choice');
}

function toResponseFormat(format: { type: string; [field: string]: unknown }, through: string): ChatRequest['response_format'] {
  if (format.type === 'json_object') return { type: 'json_object' };
  if (format.type === 'json_schema' && typeof format.name === 'string') {
    const schema: { name: string; schema?: Record<string, unknown>; strict?: boolean; description?: string } = { name: format.name };
    if (format.schema != null && typeof format.schema === 'object') schema.schema = format.schema as Record<string, unknown>;
    if (typeof format.strict === 'boolean') schema.strict = format.strict;
    if (typeof format.description === 'string') schema.description = format.description;
    return { type: 'json_schema', json_schema: schema };
  }
  throw errors.invalidRequest(`text.format of type '${format.type}' cannot be sent to ${through}; use text, json_object or json_schema (with a name).`, 'text.format');
}
