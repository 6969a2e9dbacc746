import { randomUUID } from 'node:crypto';
import type { ChatResponse, ToolCall } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import { fromBedrockStopReason } from './finish-reason.js';
import { jsonResponseTool } from './tools.js';
import { fromBedrockUsage } from './usage.js';
import type { BedrockConverseResponse } from './wire.js';

/** What a Converse answer does not say of itself: the gateway fills these in. */
export interface BedrockAnswerContext {
  /** The response id (from Bedrock's request id when it sent one). */
  id: string;
  /** The model name the caller asked for (Converse does not echo it). */
  model: string;
  created: number;
  /** The request asked for JSON through the JSON tool; its input is the answer's text. */
  jsonResponse: boolean;
}

/** The context of an answer, from the response headers of the call. */
export function bedrockAnswerContext(headers: Record<string, string | string[] | undefined>, model: string, jsonResponse: boolean): BedrockAnswerContext {
  const requestId = headers['x-amzn-requestid'];
  return {
    id: `chatcmpl-${typeof requestId === 'string' && requestId !== '' ? requestId : randomUUID()}`,
    model,
    created: Math.floor(Date.now() / 1000),
    jsonResponse,
  };
}

/** Maps a Converse answer (`output.message`, `stopReason`, `usage`) to a chat completion. */
export function fromBedrockConverseResponse(provider: string, body: unknown, context: BedrockAnswerContext): ChatResponse {
  const answer = body as BedrockConverseResponse | null;
  const blocks = answer?.output?.message?.content;
  if (answer === null || typeof answer !== 'object' || !Array.isArray(blocks)) {
    throw errors.upstreamInvalidResponse(provider, 'a Converse answer without output.message.content');
  }
  let text = '';
  let reasoning = '';
  const toolCalls: ToolCall[] = [];
  for (const block of blocks) {
    if (typeof block.text === 'string') {
      text += block.text;
    } else if (block.toolUse) {
      const use = block.toolUse as { toolUseId: string; name: string; input: unknown };
      if (context.jsonResponse && use.name === jsonResponseTool) text += JSON.stringify(use.input ?? {});
      else toolCalls.push({ id: use.toolUseId, type: 'function', function: { name: use.name, arguments: JSON.stringify(use.input ?? {}) } });
    } else if (block.reasoningContent) {
      const content = block.reasoningContent as { reasoningText?: { text?: string } };
      reasoning += content.reasoningText?.text ?? '';
    }
  }
  const rawReason = answer.stopReason ?? 'end_turn';
  const message: ChatResponse['choices'][number]['message'] = { role: 'assistant', content: text === '' && toolCalls.length > 0 ? null : text };
  if (reasoning !== '') message.reasoning_content = reasoning;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  const response: ChatResponse = {
    id: context.id,
    object: 'chat.completion',
    created: context.created,
    model: context.model,
    choices: [{ index: 0, message, finish_reason: fromBedrockStopReason(rawReason, context.jsonResponse), native_finish_reason: rawReason, logprobs: null }],
  };
  if (answer.usage) response.usage = fromBedrockUsage(answer.usage);
  return response;
}
