import { createOpenAICompatibleAdapter } from '../openai-compatible/create-openai-compatible-adapter.js';
import { openrouterProfile } from './profile.js';

/** The openrouter adapter: the OpenAI-compatible adapter with openrouter's profile. */
export const openrouterAdapter = createOpenAICompatibleAdapter(openrouterProfile);
