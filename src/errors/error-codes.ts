import { GatewayError } from './gateway-error.js';

/**
 * The catalog: every error the gateway produces is built here, so each code has
 * one status, one OpenAI `type` and one failure class. `docs/errors.md` lists them.
 */
export const errors = {
  invalidJson: (detail: string) =>
    new GatewayError({ code: 'invalid_json', status: 400, type: 'invalid_request_error', failureClass: 'caller',
      message: `The request body is not valid JSON: ${detail}` }),

  invalidRequest: (message: string, param?: string) =>
    new GatewayError({ code: 'invalid_request', status: 400, type: 'invalid_request_error', failureClass: 'caller', message, param }),

  invalidModel: (message: string) =>
    new GatewayError({ code: 'invalid_model', status: 400, type: 'invalid_request_error', failureClass: 'caller', message, param: 'model' }),

  providerNotFound: (provider: string) =>
    new GatewayError({ code: 'provider_not_found', status: 404, type: 'invalid_request_error', failureClass: 'caller', param: 'model',
      message: `Provider '${provider}' is not configured on this gateway. GET /v1/models lists the models it serves.` }),

  modelNotFound: (provider: string, model: string) =>
    new GatewayError({ code: 'model_not_found', status: 404, type: 'invalid_request_error', failureClass: 'caller', param: 'model', provider,
      message: `No key of provider '${provider}' serves model '${model}'. GET /v1/models lists the models this gateway serves.` }),

  unsupportedOperation: (provider: string, operation: string, param?: string) =>
    new GatewayError({ code: 'unsupported_operation', status: 400, type: 'invalid_request_error', failureClass: 'caller', provider, param,
      message: `Provider '${provider}' does not support ${operation}.` }),

  bodyTooLarge: (limitBytes: number) =>
    new GatewayError({ code: 'body_too_large', status: 413, type: 'invalid_request_error', failureClass: 'caller',
      message: `The request body exceeds the limit of ${limitBytes} bytes (client.max_request_body_size_mb).` }),

  routeNotFound: (method: string, path: string) =>
    new GatewayError({ code: 'route_not_found', status: 404, type: 'invalid_request_error', failureClass: 'caller',
      message: `Unknown route: ${method} ${path}` }),

  methodNotAllowed: (method: string, path: string, allowed: string) =>
    new GatewayError({ code: 'method_not_allowed', status: 405, type: 'invalid_request_error', failureClass: 'caller',
      message: `Method ${method} is not allowed on ${path}; use ${allowed}.` }),

  upstreamBadRequest: (provider: string, status: number, message: string, param?: string | null) =>
    new GatewayError({ code: 'upstream_bad_request', status: status === 422 ? 422 : 400, type: 'invalid_request_error', failureClass: 'caller',
      provider, upstreamStatus: status, param, message: `${provider} rejected the request: ${message}` }),

  contextLengthExceeded: (provider: string, status: number, message: string) =>
    new GatewayError({ code: 'context_length_exceeded', status: 400, type: 'invalid_request_error', failureClass: 'caller',
      provider, upstreamStatus: status, param: 'messages', message: `${provider}: the request exceeds the model's context window: ${message}` }),

  contentPolicy: (provider: string, status: number, message: string) =>
    new GatewayError({ code: 'content_policy_violation', status: 400, type: 'invalid_request_error', failureClass: 'caller',
      provider, upstreamStatus: status, message: `${provider} refused the request under its content policy: ${message}` }),

  upstreamOverloaded: (provider: string, status: number, message: string, retryAfter?: number) =>
    new GatewayError({ code: 'upstream_overloaded', status: 503, type: 'api_error', failureClass: 'transient',
      provider, upstreamStatus: status, retryAfter, message: `${provider} is overloaded (HTTP ${status}): ${message}` }),

  upstreamNotFound: (provider: string, message: string) =>
    new GatewayError({ code: 'upstream_not_found', status: 404, type: 'invalid_request_error', failureClass: 'caller',
      provider, upstreamStatus: 404, message: `${provider}: ${message}` }),

  rateLimited: (provider: string, message: string, retryAfter?: number) =>
    new GatewayError({ code: 'rate_limited', status: 429, type: 'rate_limit_error', failureClass: 'rate-limit',
      provider, upstreamStatus: 429, retryAfter, message: `${provider} is rate limiting requests: ${message}` }),

  quotaExceeded: (provider: string, status: number, message: string) =>
    new GatewayError({ code: 'provider_quota_exceeded', status: 429, type: 'insufficient_quota', failureClass: 'quota',
      provider, upstreamStatus: status, message: `${provider} account is out of quota: ${message}` }),

  providerAuthFailed: (provider: string, status: number, message: string) =>
    new GatewayError({ code: 'provider_auth_failed', status: 502, type: 'api_error', failureClass: 'credential',
      provider, upstreamStatus: status,
      message: `${provider} rejected the gateway's credentials (HTTP ${status}): ${message}. Check the provider key in the gateway's configuration.` }),

  directKeyRejected: (provider: string, status: number | undefined, cause: unknown) =>
    new GatewayError({ code: 'direct_key_rejected', status: 401, type: 'authentication_error', failureClass: 'caller', provider, upstreamStatus: status, cause,
      message: `${provider} rejected the provider key sent with the request${status === undefined ? '' : ` (HTTP ${status})`}. Check the key; with client.allow_direct_keys on, the caller's key is the only one tried.` }),

  upstreamError: (provider: string, status: number, message: string, retryAfter?: number) =>
    new GatewayError({ code: 'upstream_error', status: 502, type: 'api_error', failureClass: 'transient',
      provider, upstreamStatus: status, retryAfter, message: `${provider} failed (HTTP ${status}): ${message}` }),

  targetsUnavailable: (provider: string, model: string, retryAfter?: number) =>
    new GatewayError({ code: 'targets_unavailable', status: 503, type: 'api_error', failureClass: 'transient', provider, retryAfter,
      message: `Every key of '${provider}' that serves '${model}' is cooling down after failures (circuit open); try again shortly or use a fallback.` }),

  virtualTargetsUnavailable: (model: string) =>
    new GatewayError({ code: 'targets_unavailable', status: 503, type: 'api_error', failureClass: 'transient',
      message: `Every target of virtual model '${model}' is out after failures (circuit open) and it has no fallbacks; try again shortly.` }),

  upstreamUnreachable: (provider: string, cause: unknown) =>
    new GatewayError({ code: 'upstream_unreachable', status: 502, type: 'api_error', failureClass: 'transient', provider, cause,
      message: `Could not reach ${provider}: ${describe(cause)}` }),

  upstreamTimeout: (provider: string, seconds: number, cause?: unknown) =>
    new GatewayError({ code: 'upstream_timeout', status: 504, type: 'timeout', failureClass: 'timeout', provider, cause,
      message: `${provider} did not answer within ${seconds}s (network_config.default_request_timeout_in_seconds).` }),

  streamTimeout: (provider: string, seconds: number, phase: 'first-chunk' | 'idle') =>
    new GatewayError({ code: 'upstream_timeout', status: 504, type: 'timeout', failureClass: 'timeout', provider,
      message: phase === 'first-chunk'
        ? `${provider} sent no stream output within ${seconds}s (network_config.stream_first_chunk_timeout_in_seconds).`
        : `${provider} sent nothing more for ${seconds}s and the stream was ended (network_config.stream_idle_timeout_in_seconds).` }),

  upstreamRequestTimeout: (provider: string, message: string) =>
    new GatewayError({ code: 'upstream_timeout', status: 504, type: 'timeout', failureClass: 'timeout', provider, upstreamStatus: 408,
      message: `${provider} timed out handling the request (HTTP 408): ${message}` }),

  upstreamInvalidResponse: (provider: string, detail: string) =>
    new GatewayError({ code: 'upstream_invalid_response', status: 502, type: 'api_error', failureClass: 'transient', provider,
      message: `${provider} sent a response the gateway could not read: ${detail}` }),

  providerQueueFull: (provider: string) =>
    new GatewayError({ code: 'provider_queue_full', status: 429, type: 'rate_limit_error', failureClass: 'rate-limit', provider,
      message: `Too many requests are waiting for ${provider} (concurrency_and_buffer_size.buffer_size, client.drop_excess_requests); retry shortly.` }),

  providerQueueTimeout: (provider: string, seconds: number) =>
    new GatewayError({ code: 'provider_queue_timeout', status: 504, type: 'timeout', failureClass: 'timeout', provider,
      message: `No request slot for ${provider} came free within ${seconds}s (concurrency_and_buffer_size.concurrency, network_config.default_request_timeout_in_seconds).` }),

  requestCancelled: () =>
    new GatewayError({ code: 'request_cancelled', status: 499, type: 'api_error', failureClass: 'cancelled',
      message: 'The client closed the request.' }),

  shuttingDown: () =>
    new GatewayError({ code: 'gateway_shutting_down', status: 503, type: 'api_error', failureClass: 'transient',
      message: 'The gateway is shutting down; retry on another instance.' }),

  pluginRejected: (plugin: string, message: string) =>
    new GatewayError({ code: 'plugin_error', status: 500, type: 'api_error', failureClass: 'internal',
      message: `Plugin '${plugin}' failed: ${message}` }),

  logsDisabled: () =>
    new GatewayError({ code: 'logs_disabled', status: 404, type: 'invalid_request_error', failureClass: 'caller',
      message: 'Request logging is off on this gateway: logs_store.enabled is false, or the gateway has no app directory and no logs_store.' }),

  logsUnavailable: (cause: unknown) =>
    new GatewayError({ code: 'logs_unavailable', status: 503, type: 'api_error', failureClass: 'transient', cause,
      message: `The request log store did not answer: ${describe(cause)}` }),

  cacheDisabled: () =>
    new GatewayError({ code: 'cache_disabled', status: 404, type: 'invalid_request_error', failureClass: 'caller',
      message: 'The response cache is off on this gateway: no enabled semantic_cache plugin in the config.' }),

  cacheUnavailable: (cause: unknown) =>
    new GatewayError({ code: 'cache_unavailable', status: 503, type: 'api_error', failureClass: 'transient', cause,
      message: `The cache store did not answer: ${describe(cause)}` }),

  virtualKeyRequired: () =>
    new GatewayError({ code: 'virtual_key_required', status: 401, type: 'authentication_error', failureClass: 'caller',
      message: 'This gateway requires a virtual key (client.enforce_auth_on_inference): send it as x-bf-vk, Authorization: Bearer, x-api-key or x-goog-api-key.' }),

  virtualKeyInvalid: () =>
    new GatewayError({ code: 'virtual_key_invalid', status: 401, type: 'authentication_error', failureClass: 'caller',
      message: 'The virtual key sent with the request is unknown or inactive.' }),

  modelNotAllowed: (virtualKey: string, provider: string, model: string) =>
    new GatewayError({ code: 'model_not_allowed', status: 403, type: 'permission_error', failureClass: 'caller', provider, param: 'model',
      message: `Virtual key '${virtualKey}' may not use ${provider === '' ? `model '${model}'` : `'${provider}/${model}'`} (its provider_configs).` }),

  budgetExceeded: (scope: string) =>
    new GatewayError({ code: 'budget_exceeded', status: 402, type: 'insufficient_quota', failureClass: 'caller',
      message: `Budget exhausted: ${scope} is spent for the current period; requests resume when it resets.` }),

  virtualKeyRateLimited: (scope: string, kind: 'requests' | 'tokens', retryAfter: number) =>
    new GatewayError({ code: 'virtual_key_rate_limited', status: 429, type: 'rate_limit_error', failureClass: 'rate-limit', retryAfter,
      message: `Rate limit reached: ${scope} allows no more ${kind} in this window; retry in ${retryAfter}s.` }),

  governanceUnavailable: (cause: unknown) =>
    new GatewayError({ code: 'governance_unavailable', status: 503, type: 'api_error', failureClass: 'transient', cause,
      message: `The governance counter store did not answer and governance.failure_mode is closed: ${describe(cause)}` }),

  adminDisabled: () =>
    new GatewayError({ code: 'admin_disabled', status: 403, type: 'permission_error', failureClass: 'caller',
      message: 'The management API is off on this gateway: set client.admin_key (or the SWITCHYARD_ADMIN_KEY environment variable) to turn it on.' }),

  adminKeyInvalid: () =>
    new GatewayError({ code: 'admin_key_invalid', status: 401, type: 'authentication_error', failureClass: 'caller',
      message: 'The management API needs the admin key, as Authorization: Bearer <key> or x-admin-key; it is missing or wrong.' }),

  governanceEntityNotFound: (kind: string, id: string) =>
    new GatewayError({ code: 'governance_entity_not_found', status: 404, type: 'invalid_request_error', failureClass: 'caller',
      message: `No ${kind} entry has id '${id}'.` }),

  governanceEntityExists: (kind: string, id: string) =>
    new GatewayError({ code: 'governance_entity_exists', status: 409, type: 'invalid_request_error', failureClass: 'caller', param: 'id',
      message: `A ${kind} entry with id '${id}' exists already: PUT /api/governance/{kind}/${id} replaces it.` }),

  governanceConflict: (message: string, param?: string) =>
    new GatewayError({ code: 'governance_conflict', status: 409, type: 'invalid_request_error', failureClass: 'caller', param,
      message: `The change would leave governance inconsistent: ${message}` }),

  governanceStoreUnavailable: (cause: unknown) =>
    new GatewayError({ code: 'governance_store_unavailable', status: 503, type: 'api_error', failureClass: 'transient', cause,
      message: `The governance config store did not answer; nothing was changed: ${describe(cause)}` }),

  internal: (cause: unknown) =>
    new GatewayError({ code: 'internal_error', status: 500, type: 'api_error', failureClass: 'internal', cause,
      message: 'The gateway failed to handle the request; this is a defect, and it has been logged.' }),
} as const;

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' ? `${cause.message} (${code})` : cause.message;
  }
  return String(cause);
}
