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
  return mapHttpError(provider, status, headers, { message, code, param, kind: kindOf(status, code, message) });
}

/**
 * Maps an error event sent inside a stream (`data: {"error": {...}}`). It has no HTTP
 * status of its own; one is read from its type or code so that a rate limit or a
 * quota error keeps its failure class.
 */
export function fromOpenAIStreamError(provider: string, error: unknown, data: string): GatewayError {
  return fromOpenAIError(provider, inStreamErrorStatus(error), {}, data);
}

/**
 * The errors the gateway names on their own: by OpenAI's codes (also Azure's
 * `content_filter`), or for servers that send no code (vLLM, SGLang, Ollama), by the
 * wording of a context-window overflow on a 400.
 */
function kindOf(status: number, code: string | undefined, message: string): 'context-length' | 'content-policy' | undefined {
  if (code === 'context_length_exceeded' || code === 'string_above_max_length') return 'context-length';
  if (code === 'content_policy_violation' || code === 'content_filter') return 'content-policy';
  if ((status === 400 || status === 413) && contextOverflow.test(message)) return 'context-length';
  return undefined;
}

const contextOverflow = /maximum context length|context length exceeded|context window|prompt is too long|exceeds the model's context/i;

function inStreamErrorStatus(error: unknown): number {
  const fields = (error ?? {}) as { type?: unknown; code?: unknown };
  const kind = `${String(fields.type ?? '')} ${String(fields.code ?? '')}`;
  if (/insufficient_quota/.test(kind)) return 429;
  if (/rate_limit/.test(kind)) return 429;
  if (/invalid_request|context_length|content_filter/.test(kind)) return 400;
  if (/authentication|invalid_api_key|permission/.test(kind)) return 401;
  return 500;
}
