/**
 * What a model costs, in US dollars per million tokens. Cached input tokens are
 * billed at `cachedInput` (and not again at `input`), prompt tokens written to a
 * provider's cache at `cacheWrite`, reasoning tokens at `reasoning`; each falls
 * back to `input` (cache prices) or `output` (reasoning) when absent.
 */
export interface ModelPrice {
  readonly input: number;
  readonly output: number;
  readonly cachedInput?: number;
  readonly cacheWrite?: number;
  readonly reasoning?: number;
}

/** The prices of one provider family, with where and when they were read. */
export interface PriceFamily {
  /** The day the prices were taken (ISO date). */
  readonly checked: string;
  /** The provider's own pricing page. */
  readonly source: string;
  /** Whether (some of) the prices were compared with a published copy of the page, or pages quoting it; otherwise they are the list prices as last known. docs/observability.md (Cost) says which. */
  readonly verified: boolean;
  /** Prices by the model's normalized name (see `modelNameCandidates`). */
  readonly models: Readonly<Record<string, ModelPrice>>;
}

/** One `pricing` entry of the config, in US dollars per million tokens. */
export interface PriceOverride {
  input: number;
  output: number;
  cached_input?: number;
  cache_write?: number;
  reasoning?: number;
}

/** A config override as a `ModelPrice`. */
export function fromPriceOverride(override: PriceOverride): ModelPrice {
  return {
    input: override.input,
    output: override.output,
    cachedInput: override.cached_input,
    cacheWrite: override.cache_write,
    reasoning: override.reasoning,
  };
}
