export { GatewayError, isGatewayError, type GatewayErrorInit } from './gateway-error.js';
export { errors } from './error-codes.js';
export { type FailureClass, isRetryable } from './failure-class.js';
export { toOpenAIError, type OpenAIErrorBody } from './to-openai-error.js';
export { toGatewayError } from './to-gateway-error.js';
