import type { ChatChoice, ChatResponse } from '../../api/index.js';
import { malformedFunctionCall, toGeminiFunctionCall } from './to-gemini-function-call.js';
import { toGeminiFinishReason } from './to-gemini-finish-reason.js';
import { toGeminiUsageMetadata } from './to-gemini-usage.js';
import type { GeminiCandidate, GeminiPart, GeminiResponse } from './wire.js';

/**
 * A chat completion as a Gemini `GenerateContentResponse`: one candidate per choice,
 * its parts the reasoning (as `thought` text, only when the client asked for thoughts),
 * the text, then one `functionCall` per tool call; the finish reason in Gemini's words;
 * usage as `usageMetadata`; the model as `modelVersion` and the id as `responseId`.
 */
export function toGeminiResponse(response: ChatResponse, includeThoughts: boolean): GeminiResponse {
  const answer: GeminiResponse = { candidates: response.choices.map((choice) => toCandidate(choice, includeThoughts)) };
  if (response.usage) answer.usageMetadata = toGeminiUsageMetadata(response.usage);
  answer.modelVersion = response.model;
  answer.responseId = response.id;
  return answer;
}

function toCandidate(choice: ChatChoice, includeThoughts: boolean): GeminiCandidate {
  const { message } = choice;
  const parts: GeminiPart[] = [];
  let finishReason = toGeminiFinishReason(choice.finish_reason);
  if (includeThoughts && typeof message.reasoning_content === 'string' && message.reasoning_content !== '') parts.push({ text: message.reasoning_content, thought: true });
  if (typeof message.content === 'string' && message.content !== '') parts.push({ text: message.content });
  for (const call of message.tool_calls ?? []) {
    const signature = (call as { extra_content?: { google?: { thought_signature?: unknown } } }).extra_content?.google?.thought_signature;
    const part = toGeminiFunctionCall(call.id, call.function.name, call.function.arguments, signature);
    if (part) parts.push(part);
    else finishReason = malformedFunctionCall;
  }
  const candidate: GeminiCandidate = {};
  if (parts.length > 0 || finishReason !== 'SAFETY') candidate.content = { role: 'model', parts: parts.length > 0 ? parts : [{ text: '' }] };
  candidate.finishReason = finishReason;
  candidate.index = choice.index;
  return candidate;
}
