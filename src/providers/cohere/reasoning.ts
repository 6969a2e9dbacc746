/** Cohere's `thinking` control (https://docs.cohere.com/docs/reasoning). */
export type CohereThinking = { type: 'enabled'; token_budget?: number } | { type: 'disabled' };

/**
 * Thinking budgets for OpenAI's `reasoning_effort`. Cohere asks to leave at least 1K
 * tokens for the answer and suggests 31K to reason to the limit, hence `high`.
 */
const budgets = {
  minimal: 1024,
  low: 4096,
  medium: 16384,
  high: 31000,
} as const satisfies Record<string, number>;

/** Maps `reasoning_effort` to `thinking`; `undefined` for a value Cohere has no budget for. */
export function toCohereThinking(effort: string): CohereThinking | undefined {
  if (effort === 'none') return { type: 'disabled' };
  const budget = (budgets as Readonly<Record<string, number>>)[effort];
  return budget === undefined ? undefined : { type: 'enabled', token_budget: budget };
}
