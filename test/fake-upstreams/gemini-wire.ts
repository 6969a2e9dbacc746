import type { ScriptedErrorKind, ScriptedReply } from '../conformance/kit.js';

/**
 * Gemini's wire format as the fake upstream writes it, shaped like real
 * `generativelanguage.googleapis.com/v1beta` answers (https://ai.google.dev/api/generate-content).
 */

/** The model version the fake reports, like the API's `modelVersion`. */
export const fakeModelVersion = 'gemini-2.5-flash';

/** Gemini's own finish reason for each neutral one. */
const finishReasons: Record<ScriptedReply['finish'], string> = {
  stop: 'STOP',
  stop_sequence: 'STOP',
  length: 'MAX_TOKENS',
  tool_calls: 'STOP',
  content_filter: 'SAFETY',
};

/** Google's error bodies for each kind, as the API sends them (https://ai.google.dev/gemini-api/docs/troubleshooting). */
export const googleErrors: Record<Exclude<ScriptedErrorKind, 'content-policy'>, { status: number; body: { error: Record<string, unknown> } }> = {
  'rate-limit': {
    status: 429,
    body: {
      error: {
        code: 429,
        message: 'You exceeded your current quota, please check your plan and billing details.',
        status: 'RESOURCE_EXHAUSTED',
        details: [
          { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests', quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier' }] },
          { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '37s' },
        ],
      },
    },
  },
  overloaded: { status: 503, body: { error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } } },
  auth: {
    status: 400,
    body: {
      error: {
        code: 400,
        message: 'API key not valid. Please pass a valid API key.',
        status: 'INVALID_ARGUMENT',
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } }],
      },
    },
  },
  'context-length': {
    status: 400,
    body: { error: { code: 400, message: 'The input token count (1250000) exceeds the maximum number of tokens allowed (1048576).', status: 'INVALID_ARGUMENT' } },
  },
  'server-error': { status: 500, body: { error: { code: 500, message: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting', status: 'INTERNAL' } } },
};

/** A 200 answer for a prompt Gemini blocked: no candidates, `promptFeedback.blockReason`. */
export function blockedPromptAnswer(responseId: string): Record<string, unknown> {
  return { promptFeedback: { blockReason: 'PROHIBITED_CONTENT' }, usageMetadata: { promptTokenCount: 9, totalTokenCount: 9 }, modelVersion: fakeModelVersion, responseId };
}

/** `usageMetadata` for neutral counts: Gemini counts thinking apart from candidate tokens. */
export function usageMetadataOf(usage: ScriptedReply['usage']): Record<string, unknown> {
  const thoughts = usage.reasoning ?? 0;
  return {
    promptTokenCount: usage.prompt,
    candidatesTokenCount: usage.completion - thoughts,
    totalTokenCount: usage.prompt + usage.completion,
    ...(usage.cachedPrompt ? { cachedContentTokenCount: usage.cachedPrompt } : {}),
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: usage.prompt }],
    ...(thoughts ? { thoughtsTokenCount: thoughts } : {}),
  };
}

function partsOf(reply: ScriptedReply, withIds: boolean): Array<Record<string, unknown>> {
  const parts: Array<Record<string, unknown>> = [];
  if (reply.reasoning) parts.push({ text: reply.reasoning, thought: true });
  if (reply.text) parts.push({ text: reply.text });
  for (const call of reply.toolCalls ?? []) {
    parts.push({ functionCall: { ...(withIds ? { id: call.id } : {}), name: call.name, args: JSON.parse(call.arguments) } });
  }
  return parts;
}

/** A whole `GenerateContentResponse`; function calls carry ids only when `withIds` (newer API versions). */
export function toGeminiAnswer(reply: ScriptedReply, responseId: string, withIds = false): Record<string, unknown> {
  const parts = partsOf(reply, withIds);
  const candidate = { ...(parts.length > 0 ? { content: { parts, role: 'model' } } : {}), finishReason: finishReasons[reply.finish], index: 0 };
  return { candidates: [candidate], usageMetadata: usageMetadataOf(reply.usage), modelVersion: fakeModelVersion, responseId };
}

/**
 * The `data:` payloads of `streamGenerateContent?alt=sse`: thought text, the text in
 * small pieces, the function calls (each whole, as Gemini sends them), then a last
 * event with the finish reason and the complete usage.
 */
export function toGeminiStreamEvents(reply: ScriptedReply, responseId: string, withIds = false): string[] {
  const head = { modelVersion: fakeModelVersion, responseId };
  const partial = { promptTokenCount: reply.usage.prompt, totalTokenCount: reply.usage.prompt };
  const event = (parts: Array<Record<string, unknown>>) =>
    JSON.stringify({ candidates: [{ content: { parts, role: 'model' }, index: 0 }], usageMetadata: partial, ...head });
  const events: string[] = [];
  if (reply.reasoning) events.push(event([{ text: reply.reasoning, thought: true }]));
  for (const piece of reply.text?.match(/.{1,4}/gs) ?? []) events.push(event([{ text: piece }]));
  const calls = partsOf({ ...reply, reasoning: undefined, text: undefined }, withIds);
  if (calls.length > 0) events.push(event(calls));
  const last = reply.finish === 'content_filter' ? { finishReason: 'SAFETY', index: 0 } : { content: { parts: [{ text: '' }], role: 'model' }, finishReason: finishReasons[reply.finish], index: 0 };
  events.push(JSON.stringify({ candidates: [last], usageMetadata: usageMetadataOf(reply.usage), ...head }));
  return events;
}

/** A `batchEmbedContents` answer: vectors exact in float32, like `fakeEmbedding` of the OpenAI fake. */
export function toGeminiEmbeddings(body: any): { embeddings: Array<{ values: number[] }> } {
  const requests: Array<{ outputDimensionality?: number }> = Array.isArray(body?.requests) ? body.requests : [];
  return {
    embeddings: requests.map((request, index) => ({
      values: Array.from({ length: request.outputDimensionality ?? 4 }, (_, j) => ((index + 1) * (j + 1)) / 8 - 0.5),
    })),
  };
}
