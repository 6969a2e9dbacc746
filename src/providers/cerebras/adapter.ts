import { createOpenAICompatibleAdapter } from '../openai-compatible/create-openai-compatible-adapter.js';
import { cerebrasProfile } from './profile.js';

/** The cerebras adapter: the OpenAI-compatible adapter with cerebras's profile. */
export const cerebrasAdapter = createOpenAICompatibleAdapter(cerebrasProfile);
