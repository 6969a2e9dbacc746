import { randomUUID } from 'node:crypto';
import type { ChatChoice, ChatResponse, ToolCall } from '../../api/index.js';
import { errors, type GatewayError } from '../../errors/index.js';
import { toFinishReason } from './finish-reason.js';
import { fromGeminiUsage } from './usage.js';
import type { GeminiCandidate, GeminiResponse } from './wire.js';

/**
 * Reads a Gemini `GenerateContentResponse` into a chat completion: text parts become
 * `content`, `thought` parts `reasoning_content`, `functionCall` parts `tool_calls`
 * (with Gemini's `id` when it sends one, else `call_<n>`; a thought signature as
 * `extra_content.google.thought_signature`). The raw finish reason is kept
 * as `native_finish_reason`. A prompt Gemini blocked is a `content_policy_violation`.
 */
export function fromGeminiResponse(provider: string, body: unknown, model: string): ChatResponse {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw errors.upstreamInvalidResponse(provider, 'a response that is not a JSON object');
  const answer = body as GeminiResponse;
  const candidates = answer.candidates;
  if (!candidates || candidates.length === 0) throw blockedPrompt(provider, answer);
  const response: ChatResponse = {
    id: answer.responseId ?? `chatcmpl-${randomUUID()}`,
    object: 'chat.completion',
    created: createdOf(answer),
    model: answer.modelVersion ?? model,
    choices: candidates.map(fromCandidate),
  };
  if (answer.usageMetadata) response.usage = fromGeminiUsage(answer.usageMetadata);
  return response;
}

/** The error for a response without candidates: a blocked prompt, or an unreadable answer. */
export function blockedPrompt(provider: string, answer: GeminiResponse): GatewayError {
  const reason = answer.promptFeedback?.blockReason;
  if (reason === undefined) return errors.upstreamInvalidResponse(provider, 'a response without candidates');
  const detail = answer.promptFeedback?.blockReasonMessage;
  return errors.contentPolicy(provider, 200, `the prompt was blocked (${reason})${detail ? `: ${detail}` : ''}`);
}

/** The response's `createTime` (Vertex AI sends it) in Unix seconds, else now. */
export function createdOf(answer: GeminiResponse): number {
  const time = answer.createTime === undefined ? Number.NaN : Date.parse(answer.createTime);
  return Math.floor((Number.isNaN(time) ? Date.now() : time) / 1000);
}

function fromCandidate(candidate: GeminiCandidate, position: number): ChatChoice {
  let text = '';
  let reasoning = '';
  const toolCalls: ToolCall[] = [];
  for (const part of candidate.content?.parts ?? []) {
    if (part.functionCall) {
      const call = part.functionCall;
      const toolCall: ToolCall & { extra_content?: unknown } = { id: call.id ?? `call_${toolCalls.length}`, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.args ?? {}) } };
      // Returned where Google's OpenAI-compatible endpoint puts it, so a caller that sends the message back keeps it.
      if (part.thoughtSignature !== undefined) toolCall.extra_content = { google: { thought_signature: part.thoughtSignature } };
      toolCalls.push(toolCall);
    } else if (typeof part.text === 'string') {
      if (part.thought) reasoning += part.text;
      else text += part.text;
    }
  }
  const raw = candidate.finishReason;
  const choice: ChatChoice = {
    index: candidate.index ?? position,
    message: {
      role: 'assistant',
      content: text === '' && toolCalls.length > 0 ? null : text,
      ...(reasoning === '' ? {} : { reasoning_content: reasoning }),
      ...(toolCalls.length === 0 ? {} : { tool_calls: toolCalls }),
    },
    finish_reason: raw === undefined ? 'stop' : toFinishReason(raw, toolCalls.length > 0),
  };
  if (raw !== undefined) choice.native_finish_reason = raw;
  return choice;
}
