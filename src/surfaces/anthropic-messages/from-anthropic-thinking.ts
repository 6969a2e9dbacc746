import { thinkingBudgets } from '../../providers/anthropic/reasoning.js';
import { errors } from '../../errors/index.js';

/** The efforts a thinking budget is mapped onto: those every reasoning provider takes. */
const budgetEfforts = ['low', 'medium', 'high'] as const;

/** Anthropic's `output_config.effort` levels as `reasoning_effort`; `max` has no equal and goes as the highest. */
const efforts: Readonly<Record<string, string>> = { low: 'low', medium: 'medium', high: 'high', xhigh: 'xhigh', max: 'xhigh' } satisfies Record<string, string>;

/**
 * The `reasoning_effort` of an Anthropic request, if any: `output_config.effort`
 * as it is (`max` as `xhigh`); otherwise `thinking: {type: "enabled", budget_tokens}`
 * as the effort whose thinking budget is nearest (on a log scale) in the table the
 * Anthropic adapter uses the other way (`low` 2048, `medium` 8192, `high` 16384),
 * so an effort sent to Anthropic and read back is the same effort. A changed value
 * is reported. `disabled` and `adaptive` thinking set nothing.
 */
export function fromAnthropicThinking(thinking: unknown, effort: unknown, warnings: string[]): string | undefined {
  if (typeof effort === 'string') {
    const mapped = efforts[effort];
    if (mapped === undefined) throw errors.invalidRequest(`output_config.effort: ${JSON.stringify(effort)} is not one of low, medium, high, xhigh, max.`, 'output_config.effort');
    if (mapped !== effort) warnings.push(`output_config.effort ${effort} was sent as reasoning_effort ${mapped}`);
    return mapped;
  }
  if (thinking === undefined || thinking === null) return undefined;
  const { type, budget_tokens: budget } = thinking as { type?: unknown; budget_tokens?: unknown };
  if (type !== 'enabled') return undefined;
  if (typeof budget !== 'number' || !Number.isFinite(budget) || budget <= 0) {
    throw errors.invalidRequest('thinking.budget_tokens: Field required (a positive integer) when thinking is enabled.', 'thinking.budget_tokens');
  }
  let nearest: string = budgetEfforts[0];
  let distance = Infinity;
  for (const candidate of budgetEfforts) {
    const gap = Math.abs(Math.log(budget / thinkingBudgets[candidate]!));
    if (gap < distance) {
      distance = gap;
      nearest = candidate;
    }
  }
  warnings.push(`thinking.budget_tokens ${budget} was sent as reasoning_effort ${nearest}`);
  return nearest;
}
