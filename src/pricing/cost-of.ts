import type { Usage } from '../api/index.js';
import type { ModelPrice } from './model-price.js';

const count = (value: unknown): number => (typeof value === 'number' && value > 0 ? value : 0);

/**
 * What `usage` costs at `price`, in US dollars. Usage is in OpenAI's terms:
 * `prompt_tokens` includes the cached tokens (`cached_tokens`, billed at the
 * cached price and not again at the input price) and the cache writes
 * (`cache_creation_tokens`, at the cache-write price); `completion_tokens`
 * includes the reasoning tokens (at the reasoning price, the output price when
 * there is none). An embedding's usage has no completion tokens.
 */
export function costOf(price: ModelPrice, usage: Usage): number {
  const details = usage.prompt_tokens_details;
  const cached = count(details?.cached_tokens);
  const written = count(details?.cache_creation_tokens);
  const reasoning = count(usage.completion_tokens_details?.reasoning_tokens);
  const uncached = Math.max(0, count(usage.prompt_tokens) - cached - written);
  const plainOutput = Math.max(0, count(usage.completion_tokens) - reasoning);
  const micro =
    uncached * price.input +
    cached * (price.cachedInput ?? price.input) +
    written * (price.cacheWrite ?? price.input) +
    plainOutput * price.output +
    reasoning * (price.reasoning ?? price.output);
  return micro / 1_000_000;
}
