import { createOpenAICompatibleAdapter } from '../openai-compatible/create-openai-compatible-adapter.js';
import { groqProfile } from './profile.js';

/** The groq adapter: the OpenAI-compatible adapter with groq's profile. */
export const groqAdapter = createOpenAICompatibleAdapter(groqProfile);
