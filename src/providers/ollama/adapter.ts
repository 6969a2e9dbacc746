import { createOpenAICompatibleAdapter } from '../openai-compatible/create-openai-compatible-adapter.js';
import { ollamaProfile } from './profile.js';

/** The ollama adapter: the OpenAI-compatible adapter with ollama's profile. */
export const ollamaAdapter = createOpenAICompatibleAdapter(ollamaProfile);
