// One request of each kind before a system is measured, so a broken setup fails with a clear
// message instead of a table full of errors.
import { CHAT_HEADERS, CHAT_PATH, isCompleteResponse, toChatRequestBody } from './chat-request.mjs';

const CHECK_TIMEOUT_MS = 10_000;

/** Throws unless `url` answers a chat completion with a complete 2xx response. */
export async function assertServesChat(url, stream, model) {
  const response = await fetch(new URL(CHAT_PATH, url), {
    method: 'POST',
    headers: CHAT_HEADERS,
    body: toChatRequestBody(stream, model),
    signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
  });
  const body = await response.text();
  if (!response.ok || !isCompleteResponse(body, stream)) {
    const kind = stream ? 'streaming' : 'non-streaming';
    throw new Error(`${kind} check failed: HTTP ${response.status} ${body.slice(0, 300)}`);
  }
}
