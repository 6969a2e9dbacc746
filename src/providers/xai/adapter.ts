import { createOpenAICompatibleAdapter } from '../openai-compatible/create-openai-compatible-adapter.js';
import { xaiProfile } from './profile.js';

/** The xai adapter: the OpenAI-compatible adapter with xai's profile. */
export const xaiAdapter = createOpenAICompatibleAdapter(xaiProfile);
