import type { ChatRequest } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import { toAnthropicMessages } from './messages.js';
import { toAnthropicThinking } from './reasoning.js';
import { jsonObjectTool, jsonObjectToolName, toAnthropicToolChoice, toAnthropicTools } from './tools.js';
import type { AnthropicRequestBody, AnthropicThinking } from './wire.js';

/** Request fields Anthropic takes as they are, for callers who know its API (`top_k`, prompt caching, ...). */
const passthroughFields: ReadonlySet<string> = new Set(['top_k', 'cache_control', 'container', 'inference_geo', 'context_management', 'mcp_servers', 'output_config']);

/** Fields read on their own below (or meaningless here: Anthropic always streams usage). */
const readFields: ReadonlySet<string> = new Set([
  'model', 'messages', 'stream', 'stream_options', 'max_tokens', 'max_completion_tokens', 'reasoning_effort', 'thinking',
  'tools', 'tool_choice', 'parallel_tool_calls', 'response_format',
]);

/**
 * Builds the body of `POST /v1/messages` from an OpenAI chat request, in one pass
 * over its fields. Fields Anthropic cannot take (`seed`, `n` > 1, penalties,
 * `logit_bias`, ...) are dropped with a warning each. The body includes `model`;
 * the caller serializes it (Vertex AI removes `model` and adds `anthropic_version`).
 * https://docs.claude.com/en/api/messages
 */
export function toAnthropicRequest(request: ChatRequest, stream: boolean, provider: string, warnings: string[]): AnthropicRequestBody {
  const { system, messages } = toAnthropicMessages(request.messages, { provider, warnings });
  const maxTokens = request.max_completion_tokens ?? request.max_tokens ?? undefined;
  const plan = toAnthropicThinking(request.reasoning_effort, (request.thinking ?? undefined) as AnthropicThinking | undefined, maxTokens, provider, warnings);
  const body: AnthropicRequestBody = { model: request.model, messages, max_tokens: plan.maxTokens };
  if (system.length === 1) body.system = system[0].text;
  else if (system.length > 1) body.system = system;
  if (plan.thinking) body.thinking = plan.thinking;
  if (stream) body.stream = true;

  for (const field in request) {
    const value = request[field];
    if (value === undefined || value === null || readFields.has(field)) continue;
    switch (field) {
      case 'temperature': {
        // OpenAI's range is 0..2, Anthropic's 0..1.
        const temperature = value as number;
        if (temperature > 1) warnings.push(`temperature ${temperature} is above ${provider}'s maximum of 1 and was sent as 1`);
        body.temperature = Math.min(temperature, 1);
        break;
      }
      case 'top_p':
        body.top_p = value as number;
        break;
      case 'stop': {
        const stop = typeof value === 'string' ? [value] : (value as string[]);
        if (stop.length > 0) body.stop_sequences = stop;
        break;
      }
      case 'user':
        body.metadata = { user_id: value as string };
        break;
      case 'n':
        if (value !== 1) warnings.push(`n is not supported by ${provider} and was dropped (one choice is returned)`);
        break;
      default:
        if (passthroughFields.has(field)) body[field] = value;
        else warnings.push(`${field} is not supported by ${provider} and was dropped`);
    }
  }
  addToolsAndFormat(body, request, provider, warnings);
  return body;
}

/**
 * Tools, `tool_choice` and `response_format`. A JSON schema goes natively in
 * `output_config.format` (structured outputs); `json_object`, which Anthropic has
 * no mode for, is a tool the model is made to call (see `jsonObjectTool`).
 */
function addToolsAndFormat(body: AnthropicRequestBody, request: ChatRequest, provider: string, warnings: string[]): void {
  const tools = request.tools?.length ? toAnthropicTools(request.tools) : [];
  let choice = toAnthropicToolChoice(request.tool_choice, request.parallel_tool_calls);
  const format = request.response_format ?? undefined;
  let jsonObject = false;
  if (format !== undefined && format.type !== 'text') {
    if (format.type === 'json_schema' && format.json_schema?.schema) {
      body.output_config = { ...body.output_config, format: { type: 'json_schema', schema: format.json_schema.schema } };
    } else if (format.type === 'json_object' || format.type === 'json_schema') {
      jsonObject = true;
    } else {
      const type = (format as { type?: unknown }).type;
      throw errors.invalidRequest(`response_format ${JSON.stringify(type)} is not one of text, json_object, json_schema.`, 'response_format');
    }
  }
  if (jsonObject) {
    if (body.thinking !== undefined && body.thinking.type !== 'disabled') {
      throw errors.invalidRequest(
        `response_format json_object is served by ${provider} through a forced tool call, which cannot be combined with thinking (reasoning_effort); use response_format json_schema instead.`,
        'response_format',
      );
    }
    if (tools.length === 0 || choice?.type === 'none') {
      body.tools = [jsonObjectTool];
      body.tool_choice = { type: 'tool', name: jsonObjectToolName };
      return;
    }
    tools.push(jsonObjectTool);
    // With tools of its own the model may call one of them, or answer through the JSON tool.
    if (choice?.type !== 'tool') choice = { type: 'any', ...(choice?.disable_parallel_tool_use ? { disable_parallel_tool_use: true } : {}) };
  }
  if (tools.length > 0) {
    body.tools = tools;
    if (choice) body.tool_choice = choice;
  } else if (request.tool_choice != null) {
    warnings.push(`tool_choice was dropped: the request has no tools to choose from`);
  }
}
