import { errors, type GatewayError } from '../../errors/index.js';
import { mapHttpError } from '../shared/map-http-error.js';
import type { BedrockErrorBody } from './wire.js';

type Headers = Record<string, string | string[] | undefined>;

// Bedrock words a context overflow in the model's own terms; these are the phrasings seen.
const contextLength = /too long|context length|context window|too many (input )?tokens|input tokens exceed|exceeds? (the )?(model'?s? )?(maximum )?context/i;
const contentPolicy = /content filters?|blocked by (our|the) (content|safety)|content policy|responsible ai polic/i;

/** The status an exception inside a stream stands for (it has no HTTP status of its own). */
const exceptionStatus: Readonly<Record<string, number>> = {
  throttlingexception: 429,
  serviceunavailableexception: 503,
  internalserverexception: 500,
  validationexception: 400,
  modeltimeoutexception: 408,
} satisfies Record<string, number>;

/**
 * Maps a Bedrock error answer: its type is in `x-amzn-errortype` (or the body's
 * `__type`), its text in `message` (or `Message`).
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/CommonErrors.html
 */
export function fromBedrockError(provider: string, status: number, headers: Headers, text: string): GatewayError {
  const body = parseBody(text);
  const header = headers['x-amzn-errortype'];
  const type = normalizeType((Array.isArray(header) ? header[0] : header) ?? body?.__type);
  const message = body?.message ?? body?.Message ?? (text.trim() === '' ? `HTTP ${status}` : text.trim().slice(0, 1000));
  return toGatewayError(provider, status, headers, type, message, body);
}

/** Maps an exception sent inside an event stream (`:exception-type`, JSON payload). */
export function fromBedrockException(provider: string, exceptionType: string, payload: string): GatewayError {
  const body = parseBody(payload);
  const type = normalizeType(exceptionType);
  const message = body?.message ?? body?.Message ?? exceptionType;
  return toGatewayError(provider, exceptionStatus[type] ?? 500, {}, type, message, body);
}

function toGatewayError(provider: string, status: number, headers: Headers, type: string, message: string, body: BedrockErrorBody | undefined): GatewayError {
  switch (type) {
    case 'throttlingexception':
      return mapHttpError(provider, 429, headers, { message, code: type });
    case 'servicequotaexceededexception':
      return errors.quotaExceeded(provider, status, message);
    case 'serviceunavailableexception':
    case 'modelnotreadyexception':
      return mapHttpError(provider, status, headers, { message, code: type, kind: 'overloaded' });
    case 'accessdeniedexception':
    case 'unrecognizedclientexception':
    case 'invalidsignatureexception':
    case 'expiredtokenexception':
    case 'incompletesignatureexception':
    case 'missingauthenticationtokenexception':
      return errors.providerAuthFailed(provider, status, message);
    case 'modelerrorexception':
    case 'internalserverexception':
      return errors.upstreamError(provider, status, message);
    case 'modelstreamerrorexception': {
      // The model failed mid-stream; its own status (429, 529, ...) says what kind of failure it was.
      const detail = body?.originalMessage ? `${message}: ${body.originalMessage}` : message;
      return mapHttpError(provider, body?.originalStatusCode ?? 500, headers, { message: detail, code: type, kind: kindOf(detail) });
    }
  }
  return mapHttpError(provider, status, headers, { message, code: type === '' ? undefined : type, kind: kindOf(message) });
}

function kindOf(message: string): 'context-length' | 'content-policy' | undefined {
  return contextLength.test(message) ? 'context-length' : contentPolicy.test(message) ? 'content-policy' : undefined;
}

/** `ValidationException:http://internal.amazon.com/...` or `com.amazon.coral.validate#ValidationException` → `validationexception`. */
function normalizeType(raw: string | undefined): string {
  if (!raw) return '';
  const hash = raw.lastIndexOf('#');
  const name = hash === -1 ? raw : raw.slice(hash + 1);
  const colon = name.indexOf(':');
  return (colon === -1 ? name : name.slice(0, colon)).trim().toLowerCase();
}

function parseBody(text: string): BedrockErrorBody | undefined {
  try {
    const body = JSON.parse(text) as unknown;
    return body !== null && typeof body === 'object' ? (body as BedrockErrorBody) : undefined;
  } catch {
    return undefined;
  }
}
