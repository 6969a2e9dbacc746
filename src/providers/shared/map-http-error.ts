import { errors, type GatewayError } from '../../errors/index.js';
import { parseRetryAfter } from '../../http/retry-after.js';

/** What an adapter read from a provider's error body. */
export interface ProviderErrorDetails {
  message: string;
  /** The provider's own error code or type, e.g. `insufficient_quota`. */
  code?: string;
  param?: string | null;
  /**
   * What the adapter recognized in the body, when the status alone does not say it:
   * a context window overflow, a content-policy refusal, or an overloaded provider.
   */
  kind?: 'context-length' | 'content-policy' | 'overloaded';
}

const quotaCodes = new Set(['insufficient_quota', 'billing_hard_limit_reached', 'quota_exceeded']);

/**
 * Maps a provider's HTTP error status to the gateway error with the right
 * status and failure class. Adapters read their provider's error body and call this.
 */
export function mapHttpError(
  provider: string,
  status: number,
  headers: Record<string, string | string[] | undefined>,
  details: ProviderErrorDetails,
): GatewayError {
  const { message } = details;
  if (details.kind === 'context-length') return errors.contextLengthExceeded(provider, status, message);
  if (details.kind === 'content-policy') return errors.contentPolicy(provider, status, message);
  if (details.kind === 'overloaded' || status === 529 || status === 503) return errors.upstreamOverloaded(provider, status, message, parseRetryAfter(headers['retry-after']));
  if (status === 429) {
    if (details.code !== undefined && quotaCodes.has(details.code)) return errors.quotaExceeded(provider, status, message);
    return errors.rateLimited(provider, message, parseRetryAfter(headers['retry-after']));
  }
  if (status === 401 || status === 403) return errors.providerAuthFailed(provider, status, message);
  if (status === 402) return errors.quotaExceeded(provider, status, message);
  if (status === 404) return errors.upstreamNotFound(provider, message);
  if (status === 408) return errors.upstreamRequestTimeout(provider, message);
  if (status >= 400 && status < 500) return errors.upstreamBadRequest(provider, status, message, details.param);
  return errors.upstreamError(provider, status, message, parseRetryAfter(headers['retry-after']));
}
