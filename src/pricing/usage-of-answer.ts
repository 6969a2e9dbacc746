import type { Usage } from '../api/index.js';

/**
 * The usage of an answer in OpenAI's chat terms: a chat completion's or a text
 * completion's `usage` as it is, an embedding's with `completion_tokens: 0`, a Responses API `usage`
 * (`input_tokens`, `output_tokens` and their details) translated; `undefined`
 * when the answer has none.
 */
export function usageOfAnswer(answer: unknown): Usage | undefined {
  const usage = (answer as { usage?: unknown } | null | undefined)?.usage;
  return typeof usage === 'object' && usage !== null ? toChatUsage(usage as Record<string, unknown>) : undefined;
}

/** A usage object of either API in OpenAI's chat terms; `undefined` when it counts no tokens. */
export function toChatUsage(usage: Record<string, unknown>): Usage | undefined {
  // An embedding's usage counts no completion tokens: 0, so that sums over usages stay numbers.
  if (typeof usage.prompt_tokens === 'number') return typeof usage.completion_tokens === 'number' ? (usage as unknown as Usage) : ({ ...usage, completion_tokens: 0 } as unknown as Usage);
  if (typeof usage.input_tokens !== 'number') return undefined;
  const input = usage.input_tokens;
  const output = typeof usage.output_tokens === 'number' ? usage.output_tokens : 0;
  const result: Usage = { prompt_tokens: input, completion_tokens: output, total_tokens: typeof usage.total_tokens === 'number' ? usage.total_tokens : input + output };
  const cached = (usage.input_tokens_details as { cached_tokens?: unknown } | undefined)?.cached_tokens;
  if (typeof cached === 'number') result.prompt_tokens_details = { cached_tokens: cached };
  const reasoning = (usage.output_tokens_details as { reasoning_tokens?: unknown } | undefined)?.reasoning_tokens;
  if (typeof reasoning === 'number') result.completion_tokens_details = { reasoning_tokens: reasoning };
  return result;
}
