import type { GatewayError } from '../../errors/index.js';
import { fromAnthropicError } from '../anthropic/errors.js';
import { fromGeminiError } from '../gemini/errors.js';
import type { VertexPublisher } from './urls.js';

/**
 * Maps a Vertex error answer. Vertex itself (authentication, quotas, an unknown model)
 * answers in Google's shape, `{"error": {"code", "message", "status"}}`; an Anthropic
 * model's own errors keep Anthropic's shape (`{"type": "error", "error": {"type", "message"}}`).
 */
export function fromVertexError(
  provider: string,
  publisher: VertexPublisher,
  status: number,
  headers: Record<string, string | string[] | undefined>,
  text: string,
): GatewayError {
  if (publisher === 'anthropic' && !isGoogleError(text)) return fromAnthropicError(provider, status, headers, text);
  return fromGeminiError(provider, status, headers, text);
}

/** Whether a body is Google's error shape: an `error` with a gRPC `status` or a numeric `code` (alone or in an array). */
function isGoogleError(text: string): boolean {
  try {
    let body = JSON.parse(text) as unknown;
    if (Array.isArray(body)) body = body[0];
    const error = (body as { error?: { status?: unknown; code?: unknown } } | null)?.error;
    return error !== null && typeof error === 'object' && (typeof error.status === 'string' || typeof error.code === 'number');
  } catch {
    return false;
  }
}
