import { createOpenAICompatibleAdapter } from '../openai-compatible/create-openai-compatible-adapter.js';
import { fireworksProfile } from './profile.js';

/** The fireworks adapter: the OpenAI-compatible adapter with fireworks's profile. */
export const fireworksAdapter = createOpenAICompatibleAdapter(fireworksProfile);
