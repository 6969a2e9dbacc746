import type { GatewayError } from '../../errors/index.js';
import { mapHttpError } from '../shared/map-http-error.js';

/**
 * Reads an OpenAI-style error body (`{"error": {"message", "type", "code", "param"}}`)
 * and maps the status. Bodies of other shapes keep their text as the message.
 */
export function fromOpenAIError(
  provider: string,
  status: number,
  headers: Record<string, string | string[] | undefined>,
  text: string,
): GatewayError {
  let message = text.trim() === '' ? `HTTP ${status}` : text.trim();
  let code: string | undefined;
  let param: string | null | undefined;
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    const error = body.error;
    if (error !== null && typeof error === 'object') {
      const fields = error as { message?: unknown; code?: unknown; type?: unknown; param?: unknown };
      if (typeof fields.message === 'string') message = fields.message;
      if (typeof fields.code === 'string') code = fields.code;
      else if (typeof fields.type === 'string') code = fields.type;
      if (typeof fields.param === 'string') param = fields.param;
    } else if (typeof error === 'string') {
      message = error;
    } else if (typeof body.message === 'string') {
      message = body.message;
    }
  } catch {
    // not JSON: the text is the message
  }
  return mapHttpError(provider, status, headers, { message, code, param, kind: kindOf(code) });
}

/** OpenAI's codes for errors the gateway names on their own. */
function kindOf(code: string | undefined): 'context-length' | 'content-policy' | undefined {
  if (code === 'context_length_exceeded' || code === 'string_above_max_length') return 'context-length';
  if (code === 'content_policy_violation' || code === 'content_filter') return 'content-policy';
  return undefined;
}
