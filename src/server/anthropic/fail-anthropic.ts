import { GatewayError, toGatewayError } from '../../errors/index.js';
import { toAnthropicStatus } from '../../surfaces/anthropic-messages/to-anthropic-error.js';
import type { Exchange } from '../exchange.js';

/**
 * Answers with an error at the status an Anthropic client expects: the gateway's
 * own, except where Anthropic has its own (an overloaded provider is 529, Anthropic's
 * `overloaded_error`). The body is the route set's, `toAnthropicError`.
 */
export function failAnthropic(exchange: Exchange, error: unknown): void {
  const failure = toGatewayError(error);
  const status = toAnthropicStatus(failure);
  if (status === failure.status) return exchange.fail(failure);
  const { code, message, type, failureClass, param, provider, retryAfter, upstreamStatus, cause } = failure;
  exchange.fail(new GatewayError({ code, message, status, type, failureClass, param, provider, retryAfter, upstreamStatus, cause }));
}
