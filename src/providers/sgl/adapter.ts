import { createOpenAICompatibleAdapter } from '../openai-compatible/create-openai-compatible-adapter.js';
import { sglProfile } from './profile.js';

/** The sgl adapter: the OpenAI-compatible adapter with sgl's profile. */
export const sglAdapter = createOpenAICompatibleAdapter(sglProfile);
