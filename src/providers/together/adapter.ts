import { createOpenAICompatibleAdapter } from '../openai-compatible/create-openai-compatible-adapter.js';
import { togetherProfile } from './profile.js';

/** The together adapter: the OpenAI-compatible adapter with together's profile. */
export const togetherAdapter = createOpenAICompatibleAdapter(togetherProfile);
