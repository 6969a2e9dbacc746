import { describe, expect, it } from 'vitest';
import { errors } from './error-codes.js';
import type { FailureClass } from './failure-class.js';
import { GatewayError } from './gateway-error.js';

interface Row {
  error: GatewayError;
  code: string;
  status: number;
  type: string;
  failureClass: FailureClass;
}

/** One row per factory: what `docs/errors.md` promises for its code. */
const catalog: Record<keyof typeof errors, Row> = {
  invalidJson: { error: errors.invalidJson('Unexpected token'), code: 'invalid_json', status: 400, type: 'invalid_request_error', failureClass: 'caller' },
  invalidRequest: { error: errors.invalidRequest('bad', 'messages'), code: 'invalid_request', status: 400, type: 'invalid_request_error', failureClass: 'caller' },
  invalidModel: { error: errors.invalidModel('bad model'), code: 'invalid_model', status: 400, type: 'invalid_request_error', failureClass: 'caller' },
  providerNotFound: { error: errors.providerNotFound('acme'), code: 'provider_not_found', status: 404, type: 'invalid_request_error', failureClass: 'caller' },
  modelNotFound: { error: errors.modelNotFound('openai', 'gpt-9'), code: 'model_not_found', status: 404, type: 'invalid_request_error', failureClass: 'caller' },
  unsupportedOperation: { error: errors.unsupportedOperation('mock', 'tools'), code: 'unsupported_operation', status: 400, type: 'invalid_request_error', failureClass: 'caller' },
  bodyTooLarge: { error: errors.bodyTooLarge(1024), code: 'body_too_large', status: 413, type: 'invalid_request_error', failureClass: 'caller' },
  routeNotFound: { error: errors.routeNotFound('GET', '/v2/x'), code: 'route_not_found', status: 404, type: 'invalid_request_error', failureClass: 'caller' },
  methodNotAllowed: { error: errors.methodNotAllowed('GET', '/v1/chat/completions', 'POST'), code: 'method_not_allowed', status: 405, type: 'invalid_request_error', failureClass: 'caller' },
  upstreamBadRequest: { error: errors.upstreamBadRequest('openai', 400, 'bad', 'temperature'), code: 'upstream_bad_request', status: 400, type: 'invalid_request_error', failureClass: 'caller' },
  upstreamNotFound: { error: errors.upstreamNotFound('openai', 'no such model'), code: 'upstream_not_found', status: 404, type: 'invalid_request_error', failureClass: 'caller' },
  rateLimited: { error: errors.rateLimited('openai', 'slow down', 2), code: 'rate_limited', status: 429, type: 'rate_limit_error', failureClass: 'rate-limit' },
  quotaExceeded: { error: errors.quotaExceeded('openai', 429, 'no credit'), code: 'provider_quota_exceeded', status: 429, type: 'insufficient_quota', failureClass: 'quota' },
  providerAuthFailed: { error: errors.providerAuthFailed('openai', 401, 'bad key'), code: 'provider_auth_failed', status: 502, type: 'api_error', failureClass: 'credential' },
  directKeyRejected: { error: errors.directKeyRejected('openai', 401, new Error('bad key')), code: 'direct_key_rejected', status: 401, type: 'authentication_error', failureClass: 'caller' },
  contextLengthExceeded: { error: errors.contextLengthExceeded('anthropic', 400, 'too long'), code: 'context_length_exceeded', status: 400, type: 'invalid_request_error', failureClass: 'caller' },
  contentPolicy: { error: errors.contentPolicy('gemini', 400, 'blocked'), code: 'content_policy_violation', status: 400, type: 'invalid_request_error', failureClass: 'caller' },
  upstreamOverloaded: { error: errors.upstreamOverloaded('anthropic', 529, 'Overloaded'), code: 'upstream_overloaded', status: 503, type: 'api_error', failureClass: 'transient' },
  targetsUnavailable: { error: errors.targetsUnavailable('openai', 'gpt-4o'), code: 'targets_unavailable', status: 503, type: 'api_error', failureClass: 'transient' },
  virtualTargetsUnavailable: { error: errors.virtualTargetsUnavailable('smart'), code: 'targets_unavailable', status: 503, type: 'api_error', failureClass: 'transient' },
  upstreamError: { error: errors.upstreamError('openai', 500, 'boom'), code: 'upstream_error', status: 502, type: 'api_error', failureClass: 'transient' },
  upstreamUnreachable: { error: errors.upstreamUnreachable('openai', new Error('connect ECONNREFUSED')), code: 'upstream_unreachable', status: 502, type: 'api_error', failureClass: 'transient' },
  upstreamTimeout: { error: errors.upstreamTimeout('openai', 30), code: 'upstream_timeout', status: 504, type: 'timeout', failureClass: 'timeout' },
  streamTimeout: { error: errors.streamTimeout('openai', 5, 'idle'), code: 'upstream_timeout', status: 504, type: 'timeout', failureClass: 'timeout' },
  upstreamRequestTimeout: { error: errors.upstreamRequestTimeout('openai', 'slow'), code: 'upstream_timeout', status: 504, type: 'timeout', failureClass: 'timeout' },
  upstreamInvalidResponse: { error: errors.upstreamInvalidResponse('openai', 'not JSON'), code: 'upstream_invalid_response', status: 502, type: 'api_error', failureClass: 'transient' },
  providerQueueFull: { error: errors.providerQueueFull('openai'), code: 'provider_queue_full', status: 429, type: 'rate_limit_error', failureClass: 'rate-limit' },
  providerQueueTimeout: { error: errors.providerQueueTimeout('openai', 30), code: 'provider_queue_timeout', status: 504, type: 'timeout', failureClass: 'timeout' },
  requestCancelled: { error: errors.requestCancelled(), code: 'request_cancelled', status: 499, type: 'api_error', failureClass: 'cancelled' },
  shuttingDown: { error: errors.shuttingDown(), code: 'gateway_shutting_down', status: 503, type: 'api_error', failureClass: 'transient' },
  pluginRejected: { error: errors.pluginRejected('cache', 'boom'), code: 'plugin_error', status: 500, type: 'api_error', failureClass: 'internal' },
  logsDisabled: { error: errors.logsDisabled(), code: 'logs_disabled', status: 404, type: 'invalid_request_error', failureClass: 'caller' },
  logsUnavailable: { error: errors.logsUnavailable(new Error('connect ECONNREFUSED')), code: 'logs_unavailable', status: 503, type: 'api_error', failureClass: 'transient' },
  cacheDisabled: { error: errors.cacheDisabled(), code: 'cache_disabled', status: 404, type: 'invalid_request_error', failureClass: 'caller' },
  cacheUnavailable: { error: errors.cacheUnavailable(new Error('connect ECONNREFUSED')), code: 'cache_unavailable', status: 503, type: 'api_error', failureClass: 'transient' },
  virtualKeyRequired: { error: errors.virtualKeyRequired(), code: 'virtual_key_required', status: 401, type: 'authentication_error', failureClass: 'caller' },
  virtualKeyInvalid: { error: errors.virtualKeyInvalid(), code: 'virtual_key_invalid', status: 401, type: 'authentication_error', failureClass: 'caller' },
  modelNotAllowed: { error: errors.modelNotAllowed('vk-app', 'openai', 'gpt-4o'), code: 'model_not_allowed', status: 403, type: 'permission_error', failureClass: 'caller' },
  budgetExceeded: { error: errors.budgetExceeded("budget 'b-team' (virtual key 'vk-app', team 'platform')"), code: 'budget_exceeded', status: 402, type: 'insufficient_quota', failureClass: 'caller' },
  virtualKeyRateLimited: { error: errors.virtualKeyRateLimited("rate limit 'rl-app' (virtual key 'vk-app')", 'requests', 12), code: 'virtual_key_rate_limited', status: 429, type: 'rate_limit_error', failureClass: 'rate-limit' },
  governanceUnavailable: { error: errors.governanceUnavailable(new Error('connect ECONNREFUSED')), code: 'governance_unavailable', status: 503, type: 'api_error', failureClass: 'transient' },
  adminDisabled: { error: errors.adminDisabled(), code: 'admin_disabled', status: 403, type: 'permission_error', failureClass: 'caller' },
  adminKeyInvalid: { error: errors.adminKeyInvalid(), code: 'admin_key_invalid', status: 401, type: 'authentication_error', failureClass: 'caller' },
  governanceEntityNotFound: { error: errors.governanceEntityNotFound('budgets', 'b1'), code: 'governance_entity_not_found', status: 404, type: 'invalid_request_error', failureClass: 'caller' },
  governanceEntityExists: { error: errors.governanceEntityExists('budgets', 'b1'), code: 'governance_entity_exists', status: 409, type: 'invalid_request_error', failureClass: 'caller' },
  governanceConflict: { error: errors.governanceConflict("unknown budget 'b1'", 'virtual_keys[0].budget_id'), code: 'governance_conflict', status: 409, type: 'invalid_request_error', failureClass: 'caller' },
  governanceStoreUnavailable: { error: errors.governanceStoreUnavailable(new Error('connect ECONNREFUSED')), code: 'governance_store_unavailable', status: 503, type: 'api_error', failureClass: 'transient' },
  internal: { error: errors.internal(new Error('bug')), code: 'internal_error', status: 500, type: 'api_error', failureClass: 'internal' },
};

describe('errors', () => {
  it.each(Object.entries(catalog))('%s builds a GatewayError with its documented code, status, type and failure class', (_name, row) => {
    expect(row.error).toBeInstanceOf(GatewayError);
    expect(row.error.name).toBe('GatewayError');
    expect({ code: row.error.code, status: row.error.status, type: row.error.type, failureClass: row.error.failureClass }).toEqual({
      code: row.code,
      status: row.status,
      type: row.type,
      failureClass: row.failureClass,
    });
    expect(row.error.message).not.toBe('');
  });

  it('gives factories that share a code the same status, type and failure class', () => {
    const byCode = new Map<string, string>();
    for (const row of Object.values(catalog)) {
      const meaning = `${row.status} ${row.type} ${row.failureClass}`;
      expect(byCode.get(row.code) ?? meaning, row.code).toBe(meaning);
      byCode.set(row.code, meaning);
    }
  });

  it('keeps 422 from the provider and turns other 4xx into 400', () => {
    expect(errors.upstreamBadRequest('openai', 422, 'unprocessable').status).toBe(422);
    expect(errors.upstreamBadRequest('openai', 409, 'conflict').status).toBe(400);
  });

  it('records the provider, its status, the param and Retry-After', () => {
    const bad = errors.upstreamBadRequest('openai', 400, "Invalid 'temperature'", 'temperature');
    expect(bad).toMatchObject({ provider: 'openai', upstreamStatus: 400, param: 'temperature', message: "openai rejected the request: Invalid 'temperature'" });
    expect(errors.rateLimited('openai', 'slow down', 7)).toMatchObject({ retryAfter: 7, upstreamStatus: 429 });
    expect(errors.upstreamError('openai', 503, 'overloaded', 2)).toMatchObject({ retryAfter: 2, upstreamStatus: 503 });
    expect(errors.modelNotFound('openai', 'gpt-9').param).toBe('model');
    expect(errors.requestCancelled().param).toBeNull();
  });

  it('keeps the cause and describes a network error with its code', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const error = errors.upstreamUnreachable('openai', cause);
    expect(error.cause).toBe(cause);
    expect(error.message).toBe('Could not reach openai: connect ECONNREFUSED 127.0.0.1:9 (ECONNREFUSED)');
    expect(errors.upstreamUnreachable('openai', 'socket hang up').message).toBe('Could not reach openai: socket hang up');
  });

  it('never puts the cause of an internal error in its message', () => {
    const error = errors.internal(new Error('secret detail'));
    expect(error.message).not.toContain('secret detail');
    expect(error.cause).toBeInstanceOf(Error);
  });
});
