import { createOpenAICompatibleAdapter } from '../openai-compatible/create-openai-compatible-adapter.js';
import { openaiProfile } from './profile.js';

/** The OpenAI adapter: the OpenAI-compatible adapter with OpenAI's profile. */
export const openaiAdapter = createOpenAICompatibleAdapter(openaiProfile);
