import { toOpenAIError } from '../../errors/index.js';
import type { RouteSet } from '../router.js';

/** Placeholder until the Anthropic Messages surface lands: no routes yet. */
export const anthropicRouteSet: RouteSet = { name: 'anthropic', routes: [], errorBody: toOpenAIError };
