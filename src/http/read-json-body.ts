import type { CancelSignal } from '../api/cancel-signal.js';
import type { UpstreamResponse } from './upstream-client.js';
import { toTransportError } from './upstream-client.js';
import { errors } from '../errors/index.js';

/** Reads a provider's response body as JSON; an unreadable body is a `upstream_invalid_response` error. */
export function readJsonBody(provider: string, response: UpstreamResponse, timeoutMs: number, signal?: CancelSignal): Promise<unknown> {
  return response.body.text().then(
    (text) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw errors.upstreamInvalidResponse(provider, `expected JSON, got ${JSON.stringify(text.slice(0, 200))}`);
      }
    },
    (error: unknown) => {
      throw toTransportError(provider, timeoutMs, error, signal);
    },
  );
}

/** Reads an error body as text (bounded), never throwing: the status already says what went wrong. */
export async function readErrorText(response: UpstreamResponse): Promise<string> {
  try {
    const text = await response.body.text();
    return text.length > 4096 ? text.slice(0, 4096) : text;
  } catch {
    return '';
  }
}
