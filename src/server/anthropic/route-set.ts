import { toAnthropicError, toAnthropicStatus } from '../../surfaces/anthropic-messages/to-anthropic-error.js';
import type { RouteSet } from '../router.js';
import { handleCountTokens } from './handle-count-tokens.js';
import { handleMessages } from './handle-messages.js';
import { handleAnthropicModel, handleAnthropicModels } from './handle-models.js';

/**
 * The Anthropic Messages API surface (https://docs.claude.com/en/api/messages),
 * for any configured provider: passed through to providers that speak it,
 * translated for the others. Every error answers in Anthropic's error shape.
 */
export const anthropicRouteSet: RouteSet = {
  name: 'anthropic',
  routes: [
    { path: '/v1/messages', methods: { POST: handleMessages } },
    { path: '/v1/messages/count_tokens', methods: { POST: handleCountTokens } },
    { path: '/v1/models', methods: { GET: handleAnthropicModels } },
    { path: '/v1/models/{model*}', methods: { GET: handleAnthropicModel } },
  ],
  errorBody: toAnthropicError,
  errorStatus: toAnthropicStatus,
};
