import { createOpenAICompatibleAdapter } from '../openai-compatible/create-openai-compatible-adapter.js';
import { perplexityProfile } from './profile.js';

/** The perplexity adapter: the OpenAI-compatible adapter with perplexity's profile. */
export const perplexityAdapter = createOpenAICompatibleAdapter(perplexityProfile);
