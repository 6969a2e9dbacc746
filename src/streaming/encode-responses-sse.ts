import type { ResponsesEvent } from '../api/index.js';

/**
 * Encodes Responses API events as server-sent events, the way OpenAI sends them:
 * `event: <type>` and `data: <the event as JSON>`. The stream simply ends after
 * its last event (`response.completed`, `response.incomplete`, or `error`); the
 * Responses API has no `[DONE]` marker.
 */
export class ResponsesSseEncoder {
  encode(event: ResponsesEvent): string {
    return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
  }

  done(): string {
    return '';
  }
}
