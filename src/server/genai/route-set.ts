import { toOpenAIError } from '../../errors/index.js';
import type { RouteSet } from '../router.js';

/** Placeholder until the Gemini API surface lands: no routes yet. */
export const genaiRouteSet: RouteSet = { name: 'genai', routes: [], errorBody: toOpenAIError };
