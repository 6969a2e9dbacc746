import type { RouteSet, RouteSpec } from '../router.js';
import { toGeminiError } from '../../surfaces/gemini/to-gemini-error.js';
import { handleGetGeminiModel, handleListGeminiModels } from './handle-gemini-models.js';
import { handleModelMethod } from './handle-model-method.js';

/** API versions the Gemini SDKs may use in their paths; all serve the same routes. */
const versions = ['/v1beta', '/v1', '/v1alpha'];

/**
 * The Gemini API surface (https://ai.google.dev/api): `models/{model}:{method}` for
 * generation, embeddings and token counts, and the model list, under each API version.
 * The `:{method}` route comes first: `{model*}` would take a method as part of the name.
 * Every error, unknown paths under the prefix included, is in Google's shape.
 */
export const genaiRouteSet: RouteSet = {
  name: 'genai',
  routes: versions.flatMap((version): RouteSpec[] => [
    { path: `${version}/models`, methods: { GET: handleListGeminiModels } },
    { path: `${version}/models/{model*}:{method}`, methods: { POST: handleModelMethod, GET: handleGetGeminiModel } },
    { path: `${version}/models/{model*}`, methods: { GET: handleGetGeminiModel } },
  ]),
  errorBody: toGeminiError,
};
