import { cerebrasAdapter } from './cerebras/adapter.js';
import type { ProviderAdapter } from './contract.js';
import { deepseekAdapter } from './deepseek/adapter.js';
import { fireworksAdapter } from './fireworks/adapter.js';
import { groqAdapter } from './groq/adapter.js';
import { mistralAdapter } from './mistral/adapter.js';
import { ollamaAdapter } from './ollama/adapter.js';
import { openrouterAdapter } from './openrouter/adapter.js';
import { perplexityAdapter } from './perplexity/adapter.js';
import { sglAdapter } from './sgl/adapter.js';
import { togetherAdapter } from './together/adapter.js';
import { vllmAdapter } from './vllm/adapter.js';
import { xaiAdapter } from './xai/adapter.js';

/** The providers that speak OpenAI's wire format, each a profile over the shared adapter. */
export const openAICompatibleFamily: readonly ProviderAdapter[] = [
  mistralAdapter,
  groqAdapter,
  deepseekAdapter,
  xaiAdapter,
  openrouterAdapter,
  togetherAdapter,
  fireworksAdapter,
  cerebrasAdapter,
  perplexityAdapter,
  ollamaAdapter,
  vllmAdapter,
  sglAdapter,
];
