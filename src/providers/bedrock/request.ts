import type { ChatRequest } from '../../api/index.js';
import { toBedrockMessages } from './messages.js';
import { bedrockModelFamily } from './model-id.js';
import { toBedrockReasoning } from './reasoning.js';
import { toBedrockTools } from './tools.js';
import type { BedrockConverseRequest } from './wire.js';

/** A Converse body, and how to read its answer. */
export interface BedrockChatPlan {
  body: BedrockConverseRequest;
  /** The answer comes as a call of the JSON tool (see `tools.ts`), to be read back as text. */
  jsonResponse: boolean;
}

// Request fields this file maps; every other field that is set is dropped with a warning.
const mapped = new Set([
  'model', 'messages', 'stream', 'stream_options', 'max_tokens', 'max_completion_tokens', 'temperature', 'top_p', 'stop',
  'tools', 'tool_choice', 'response_format', 'reasoning_effort', 'n', 'parallel_tool_calls',
]);

/**
 * Builds the body of `converse` / `converse-stream` (the same for both; the model
 * id goes in the path). Parameters Converse cannot take are dropped with a warning.
 */
export function toBedrockConverseRequest(request: ChatRequest, modelId: string, provider: string, warnings: string[]): BedrockChatPlan {
  for (const field in request) {
    const value = request[field];
    if (value === undefined || value === null || value === false || mapped.has(field)) continue;
    warnings.push(`${field} is not supported by ${provider} and was dropped`);
  }
  if (typeof request.n === 'number' && request.n > 1) warnings.push(`n is not supported by ${provider} and was dropped (one choice is returned)`);
  if (request.parallel_tool_calls === false) warnings.push(`parallel_tool_calls is not supported by ${provider} and was dropped`);

  const conversation = toBedrockMessages(request.messages);
  const tools = toBedrockTools(request, conversation.usesTools, provider, warnings);
  const forcedTool = tools.toolConfig?.toolChoice !== undefined && !('auto' in tools.toolConfig.toolChoice);
  let effort = request.reasoning_effort ?? undefined;
  const family = bedrockModelFamily(modelId, request.model);
  if (effort !== undefined && effort !== 'none' && family === 'anthropic' && forcedTool) {
    warnings.push(`reasoning_effort was dropped: ${provider} models of Anthropic cannot think while a tool is forced (tool_choice or response_format)`);
    effort = undefined;
  }
  const reasoning = toBedrockReasoning(effort, family, request.max_completion_tokens ?? request.max_tokens ?? undefined, provider, warnings);

  const inferenceConfig: NonNullable<BedrockConverseRequest['inferenceConfig']> = {};
  if (reasoning.maxTokens !== undefined) inferenceConfig.maxTokens = reasoning.maxTokens;
  if (request.temperature != null) {
    if (reasoning.anthropicThinking && request.temperature !== 1) warnings.push(`temperature was dropped: Anthropic thinking on ${provider} takes only the default`);
    else inferenceConfig.temperature = request.temperature;
  }
  if (request.top_p != null) {
    if (reasoning.anthropicThinking) warnings.push(`top_p was dropped: Anthropic thinking on ${provider} takes only the default`);
    else inferenceConfig.topP = request.top_p;
  }
  if (request.stop != null) inferenceConfig.stopSequences = typeof request.stop === 'string' ? [request.stop] : request.stop;

  const body: BedrockConverseRequest = { messages: conversation.messages };
  if (conversation.system.length > 0) body.system = conversation.system;
  if (Object.keys(inferenceConfig).length > 0) body.inferenceConfig = inferenceConfig;
  if (tools.toolConfig) body.toolConfig = tools.toolConfig;
  if (reasoning.additionalModelRequestFields) body.additionalModelRequestFields = reasoning.additionalModelRequestFields;
  return { body, jsonResponse: tools.jsonResponse };
}
