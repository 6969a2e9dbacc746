import { errors } from './error-codes.js';
import { type GatewayError, isGatewayError } from './gateway-error.js';

/** Any thrown value as a `GatewayError`; anything else is a defect (`internal_error`) with the value as its cause. */
export function toGatewayError(error: unknown): GatewayError {
  return isGatewayError(error) ? error : errors.internal(error);
}
