import type { ModelPrice, PriceFamily } from '../pricing/model-price.js';

/*
 * The bundled prices, USD per million tokens, by provider family and normalized
 * model name (see `modelNameCandidates`). Standard (on-demand, short-context)
 * rates only: no batch, priority or long-context (>200k) tiers, no per-request
 * or per-search fees. `verified` says whether a published copy of the source page
 * was compared with the numbers; see docs/observability.md, Cost.
 */

const price = (input: number, output: number, cachedInput?: number, cacheWrite?: number): ModelPrice =>
  cachedInput === undefined ? { input, output } : cacheWrite === undefined ? { input, output, cachedInput } : { input, output, cachedInput, cacheWrite };

// Anthropic's five-minute cache write is 1.25 × input, a cache hit 0.1 × input.
const claude = (input: number, output: number): ModelPrice => price(input, output, input / 10, input * 1.25);

const anthropic = {
  'claude-opus-4-5': claude(5, 25),
  'claude-opus-4-6': claude(5, 25),
  'claude-opus-4-1': claude(15, 75),
  'claude-opus-4': claude(15, 75),
  'claude-opus-4-0': claude(15, 75),
  'claude-sonnet-4-6': claude(3, 15),
  'claude-sonnet-4-5': claude(3, 15),
  'claude-sonnet-4': claude(3, 15),
  'claude-sonnet-4-0': claude(3, 15),
  'claude-3-7-sonnet': claude(3, 15),
  'claude-3-5-sonnet': claude(3, 15),
  'claude-haiku-4-5': claude(1, 5),
  'claude-3-5-haiku': claude(0.8, 4),
  'claude-3-opus': claude(15, 75),
  'claude-3-haiku': price(0.25, 1.25, 0.03, 0.3),
} satisfies Record<string, ModelPrice>;

const gemini = {
  'gemini-3-pro': price(2, 12, 0.2),
  'gemini-2.5-pro': price(1.25, 10, 0.125),
  'gemini-2.5-flash': price(0.3, 2.5, 0.03),
  'gemini-2.5-flash-lite': price(0.1, 0.4, 0.01),
  'gemini-2.0-flash': price(0.1, 0.4, 0.025),
  'gemini-2.0-flash-lite': price(0.075, 0.3),
  'gemini-1.5-pro': price(1.25, 5),
  'gemini-1.5-flash': price(0.075, 0.3),
  'gemini-embedding-001': price(0.15, 0),
} satisfies Record<string, ModelPrice>;

/** The bundled price table, by provider family. */
export const priceTable = {
  openai: {
    checked: '2026-11-25',
    source: 'https://platform.openai.com/docs/pricing',
    verified: true,
    models: {
      'gpt-5': price(1.25, 10, 0.125),
      'gpt-5-mini': price(0.25, 2, 0.025),
      'gpt-5-nano': price(0.05, 0.4, 0.005),
      'gpt-5.1': price(1.25, 10, 0.125),
      'gpt-5.2': price(1.75, 14, 0.175),
      'gpt-4.1': price(2, 8, 0.5),
      'gpt-4.1-mini': price(0.4, 1.6, 0.1),
      'gpt-4.1-nano': price(0.1, 0.4, 0.025),
      'gpt-4o': price(2.5, 10, 1.25),
      'gpt-4o-mini': price(0.15, 0.6, 0.075),
      o1: price(15, 60, 7.5),
      'o1-mini': price(1.1, 4.4, 0.55),
      o3: price(2, 8, 0.5),
      'o3-mini': price(1.1, 4.4, 0.55),
      'o4-mini': price(1.1, 4.4, 0.275),
      'gpt-4-turbo': price(10, 30),
      'gpt-3.5-turbo': price(0.5, 1.5),
      'gpt-3.5-turbo-instruct': price(1.5, 2),
      'text-embedding-3-small': price(0.02, 0),
      'text-embedding-3-large': price(0.13, 0),
      'text-embedding-ada-002': price(0.1, 0),
    },
  },
  anthropic: {
    checked: '2026-11-25',
    source: 'https://docs.anthropic.com/en/docs/about-claude/pricing',
    verified: true,
    models: anthropic,
  },
  gemini: {
    checked: '2026-11-25',
    source: 'https://ai.google.dev/gemini-api/docs/pricing',
    verified: false,
    models: gemini,
  },
  /** Vertex AI's Gemini and Claude models (the same list prices as Google AI and Anthropic). */
  vertex: {
    checked: '2026-11-25',
    source: 'https://cloud.google.com/vertex-ai/generative-ai/pricing',
    verified: false,
    models: { ...gemini, ...anthropic },
  },
  /** Bedrock on-demand prices; `anthropic.*` model ids are priced from the Anthropic family. */
  bedrock: {
    checked: '2026-11-25',
    source: 'https://aws.amazon.com/bedrock/pricing/',
    verified: false,
    models: {
      'amazon.nova-premier': price(2.5, 12.5),
      'amazon.nova-pro': price(0.8, 3.2, 0.2),
      'amazon.nova-lite': price(0.06, 0.24, 0.015),
      'amazon.nova-micro': price(0.035, 0.14, 0.00875),
      'amazon.titan-embed-text': price(0.02, 0),
      'meta.llama4-maverick-17b-instruct': price(0.24, 0.97),
      'meta.llama4-scout-17b-instruct': price(0.17, 0.66),
      'meta.llama3-3-70b-instruct': price(0.72, 0.72),
      'meta.llama3-2-90b-instruct': price(0.72, 0.72),
      'meta.llama3-2-11b-instruct': price(0.16, 0.16),
      'meta.llama3-2-3b-instruct': price(0.15, 0.15),
      'meta.llama3-2-1b-instruct': price(0.1, 0.1),
      'meta.llama3-1-405b-instruct': price(2.4, 2.4),
      'meta.llama3-1-70b-instruct': price(0.72, 0.72),
      'meta.llama3-1-8b-instruct': price(0.22, 0.22),
      'mistral.pixtral-large-2502': price(2, 6),
      'mistral.mistral-large-2407': price(2, 6),
      'mistral.mistral-large': price(4, 12),
      'mistral.mistral-small': price(1, 3),
      'mistral.mixtral-8x7b-instruct': price(0.45, 0.7),
      'mistral.mistral-7b-instruct': price(0.15, 0.2),
      'cohere.command-r-plus': price(3, 15),
      'cohere.command-r': price(0.5, 1.5),
      'cohere.embed-english': price(0.1, 0),
      'cohere.embed-multilingual': price(0.1, 0),
    },
  },
  cohere: {
    checked: '2026-11-25',
    source: 'https://cohere.com/pricing',
    verified: false,
    models: {
      'command-a': price(2.5, 10),
      'command-r-plus': price(2.5, 10),
      'command-r': price(0.15, 0.6),
      'command-r7b': price(0.0375, 0.15),
      'embed-v4.0': price(0.12, 0),
      'embed-english-v3.0': price(0.1, 0),
      'embed-multilingual-v3.0': price(0.1, 0),
    },
  },
  mistral: {
    checked: '2026-11-25',
    source: 'https://mistral.ai/pricing#api-pricing',
    verified: false,
    models: {
      'mistral-large': price(2, 6),
      'mistral-medium': price(0.4, 2),
      'mistral-small': price(0.1, 0.3),
      'magistral-medium': price(2, 5),
      'magistral-small': price(0.5, 1.5),
      codestral: price(0.3, 0.9),
      'devstral-medium': price(0.4, 2),
      'devstral-small': price(0.1, 0.3),
      'pixtral-large': price(2, 6),
      'pixtral-12b': price(0.15, 0.15),
      'ministral-8b': price(0.1, 0.1),
      'ministral-3b': price(0.04, 0.04),
      'open-mistral-nemo': price(0.15, 0.15),
      'mistral-embed': price(0.1, 0),
    },
  },
  groq: {
    checked: '2026-11-25',
    source: 'https://groq.com/pricing',
    verified: false,
    models: {
      'llama-3.1-8b-instant': price(0.05, 0.08),
      'llama-3.3-70b-versatile': price(0.59, 0.79),
      'meta-llama/llama-4-scout-17b-16e-instruct': price(0.11, 0.34),
      'meta-llama/llama-4-maverick-17b-128e-instruct': price(0.2, 0.6),
      'openai/gpt-oss-120b': price(0.15, 0.6),
      'openai/gpt-oss-20b': price(0.075, 0.3),
      'qwen/qwen3-32b': price(0.29, 0.59),
      'moonshotai/kimi-k2-instruct': price(1, 3),
    },
  },
  deepseek: {
    checked: '2026-11-25',
    source: 'https://api-docs.deepseek.com/quick_start/pricing',
    verified: true,
    models: {
      'deepseek-chat': price(0.27, 1.1, 0.07),
      'deepseek-reasoner': price(0.55, 2.19, 0.14),
    },
  },
  xai: {
    checked: '2026-11-25',
    source: 'https://docs.x.ai/docs/models',
    verified: false,
    models: {
      'grok-4': price(3, 15, 0.75),
      'grok-4-fast-reasoning': price(0.2, 0.5, 0.05),
      'grok-4-fast-non-reasoning': price(0.2, 0.5, 0.05),
      'grok-code-fast-1': price(0.2, 1.5, 0.02),
      'grok-3': price(3, 15, 0.75),
      'grok-3-mini': price(0.3, 0.5, 0.075),
    },
  },
  together: {
    checked: '2026-11-25',
    source: 'https://www.together.ai/pricing',
    verified: false,
    models: {
      'meta-llama/llama-3.3-70b-instruct-turbo': price(0.88, 0.88),
      'meta-llama/meta-llama-3.1-8b-instruct-turbo': price(0.18, 0.18),
      'meta-llama/meta-llama-3.1-405b-instruct-turbo': price(3.5, 3.5),
      'meta-llama/llama-4-maverick-17b-128e-instruct-fp8': price(0.27, 0.85),
      'deepseek-ai/deepseek-v3': price(1.25, 1.25),
      'deepseek-ai/deepseek-r1': price(3, 7),
      'qwen/qwen2.5-72b-instruct-turbo': price(1.2, 1.2),
      'openai/gpt-oss-120b': price(0.15, 0.6),
    },
  },
  fireworks: {
    checked: '2026-11-25',
    source: 'https://fireworks.ai/pricing',
    verified: false,
    models: {
      'accounts/fireworks/models/llama-v3p3-70b-instruct': price(0.9, 0.9),
      'accounts/fireworks/models/llama-v3p1-8b-instruct': price(0.2, 0.2),
      'accounts/fireworks/models/llama-v3p1-405b-instruct': price(3, 3),
      'accounts/fireworks/models/deepseek-v3': price(0.9, 0.9),
      'accounts/fireworks/models/deepseek-r1': price(3, 8),
      'accounts/fireworks/models/gpt-oss-120b': price(0.15, 0.6),
      'accounts/fireworks/models/gpt-oss-20b': price(0.07, 0.3),
    },
  },
} satisfies Record<string, PriceFamily>;

/** A family of `priceTable`. */
export type PriceFamilyName = keyof typeof priceTable;

/**
 * Which family prices an adapter's models. Azure is priced as OpenAI (its
 * global deployments' list prices are OpenAI's); adapters not listed (self-hosted
 * servers, the mock, providers without a table here) have no bundled prices.
 */
export const familyOfAdapter: Readonly<Record<string, PriceFamilyName>> = {
  openai: 'openai',
  azure: 'openai',
  anthropic: 'anthropic',
  gemini: 'gemini',
  vertex: 'vertex',
  bedrock: 'bedrock',
  cohere: 'cohere',
  mistral: 'mistral',
  groq: 'groq',
  deepseek: 'deepseek',
  xai: 'xai',
  together: 'together',
  fireworks: 'fireworks',
};

/**
 * Model ids whose first segment names another family: Bedrock's `anthropic.`
 * ids, and OpenRouter's `vendor/model` ids (OpenRouter passes on the vendor's
 * list price: https://openrouter.ai/docs/faq).
 */
export const vendorPrefixes: Readonly<Record<string, Readonly<Record<string, PriceFamilyName>>>> = {
  bedrock: { 'anthropic.': 'anthropic' },
  openrouter: {
    'openai/': 'openai',
    'anthropic/': 'anthropic',
    'google/': 'gemini',
    'x-ai/': 'xai',
    'deepseek/': 'deepseek',
    'mistralai/': 'mistral',
    'cohere/': 'cohere',
  },
};
