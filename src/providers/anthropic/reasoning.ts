import type { AnthropicThinking } from './wire.js';

/**
 * `max_tokens` when the caller sets none (Anthropic requires it): 4096 fits the
 * output limit of every Claude model, old and new. With thinking on, the thinking
 * budget is added, since Anthropic counts thinking in `max_tokens`.
 */
export const defaultMaxTokens = 4096;

/** Anthropic's smallest thinking budget. https://docs.claude.com/en/docs/build-with-claude/extended-thinking */
export const minimumThinkingBudget = 1024;

/** The thinking budget (`thinking.budget_tokens`) for each OpenAI `reasoning_effort`; `none` turns thinking off. */
export const thinkingBudgets: Readonly<Record<string, number>> = {
  minimal: 1024,
  low: 2048,
  medium: 8192,
  high: 16384,
  xhigh: 32768,
} satisfies Record<string, number>;

/** What `toAnthropicThinking` decided: the thinking config to send, if any, and `max_tokens`. */
export interface ThinkingPlan {
  thinking: AnthropicThinking | undefined;
  maxTokens: number;
}

/**
 * Maps `reasoning_effort` to `thinking: {type: "enabled", budget_tokens}`. A caller's
 * own `thinking` object is sent as it came and wins over `reasoning_effort`. When an
 * explicit `max_tokens` leaves too little room for the budget, the budget is halved
 * to fit (with a warning), or thinking is left off when even the minimum cannot fit.
 */
export function toAnthropicThinking(
  effort: string | null | undefined,
  ownThinking: AnthropicThinking | undefined,
  maxTokens: number | undefined,
  provider: string,
  warnings: string[],
): ThinkingPlan {
  if (ownThinking !== undefined) {
    if (effort != null) warnings.push(`reasoning_effort was dropped: the request's own thinking setting is sent to ${provider} instead`);
    const budget = ownThinking.type === 'enabled' ? ownThinking.budget_tokens : 0;
    return { thinking: ownThinking, maxTokens: maxTokens ?? defaultMaxTokens + budget };
  }
  if (effort == null || effort === 'none') return { thinking: undefined, maxTokens: maxTokens ?? defaultMaxTokens };
  let budget = thinkingBudgets[effort];
  if (budget === undefined) {
    warnings.push(`reasoning_effort ${JSON.stringify(effort)} is not supported by ${provider} and was dropped`);
    return { thinking: undefined, maxTokens: maxTokens ?? defaultMaxTokens };
  }
  if (maxTokens === undefined) return { thinking: { type: 'enabled', budget_tokens: budget }, maxTokens: defaultMaxTokens + budget };
  if (budget >= maxTokens) {
    if (maxTokens <= minimumThinkingBudget) {
      warnings.push(`reasoning_effort was dropped: max tokens ${maxTokens} leave no room for ${provider}'s minimum thinking budget of ${minimumThinkingBudget}`);
      return { thinking: undefined, maxTokens };
    }
    budget = Math.max(minimumThinkingBudget, Math.floor(maxTokens / 2));
    warnings.push(`reasoning_effort ${effort} was sent to ${provider} as a thinking budget of ${budget} tokens, to fit max tokens ${maxTokens}`);
  }
  return { thinking: { type: 'enabled', budget_tokens: budget }, maxTokens };
}
