import type { ChatResponse, ToolCall } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import { fromCohereFailure } from './errors.js';
import { isCohereErrorFinish, toFinishReason } from './finish-reason.js';
import { fromCohereUsage } from './usage.js';
import type { CohereChatResponse } from './wire-types.js';

/**
 * Reads a Cohere chat answer (https://docs.cohere.com/v2/reference/chat) as an OpenAI
 * chat completion: `text` parts are the content, `thinking` parts the
 * `reasoning_content`, the `tool_plan` (the text Cohere writes before its tool calls)
 * is content too. `citations` are kept on the message as Cohere sent them. Cohere
 * names no model and no time in its answer, so `model` and `created` are the caller's.
 * A generation that ended with `finish_reason: "ERROR"` is thrown as an error.
 */
export function fromCohereChatResponse(provider: string, model: string, body: unknown, created = Math.floor(Date.now() / 1000)): ChatResponse {
  const answer = body as CohereChatResponse | null;
  if (answer === null || typeof answer !== 'object' || typeof answer.message !== 'object' || answer.message === null || typeof answer.finish_reason !== 'string') {
    throw errors.upstreamInvalidResponse(provider, 'a chat answer without message and finish_reason');
  }
  if (isCohereErrorFinish(answer.finish_reason)) throw fromCohereFailure(provider, undefined);
  const message = answer.message;
  let text = message.tool_plan ?? '';
  let reasoning = '';
  for (const part of message.content ?? []) {
    if (part.type === 'text') text += part.text;
    else if (part.type === 'thinking') reasoning += part.thinking;
  }
  const toolCalls: ToolCall[] = (message.tool_calls ?? []).map((call) => ({
    id: call.id,
    type: 'function',
    function: { name: call.function?.name ?? '', arguments: call.function?.arguments ?? '' },
  }));
  const choiceMessage: ChatResponse['choices'][number]['message'] = { role: 'assistant', content: text === '' && toolCalls.length > 0 ? null : text };
  if (reasoning !== '') choiceMessage.reasoning_content = reasoning;
  if (toolCalls.length > 0) choiceMessage.tool_calls = toolCalls;
  if (message.citations && message.citations.length > 0) choiceMessage.citations = message.citations;
  const response: ChatResponse = {
    id: answer.id,
    object: 'chat.completion',
    created,
    model,
    choices: [{ index: 0, message: choiceMessage, finish_reason: toFinishReason(answer.finish_reason), native_finish_reason: answer.finish_reason, logprobs: null }],
  };
  const usage = fromCohereUsage(answer.usage);
  if (usage) response.usage = usage;
  return response;
}
