import { createOpenAICompatibleAdapter } from '../openai-compatible/create-openai-compatible-adapter.js';
import { mistralProfile } from './profile.js';

/** The mistral adapter: the OpenAI-compatible adapter with mistral's profile. */
export const mistralAdapter = createOpenAICompatibleAdapter(mistralProfile);
