import type { ResponsesEvent } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import type { SseEvent } from '../../streaming/decode-sse.js';
import { parseStreamEvent } from '../shared/parse-stream-event.js';

/**
 * Reads a Responses API stream (`POST /v1/responses` with `stream: true`): each
 * server-sent event is one JSON object with its `type` (`response.created`,
 * `response.output_text.delta`, ..., `response.completed`, or `error`), passed on
 * as it came. An event without `type` in its data takes it from the `event:` field.
 */
export async function* readOpenAIResponsesStream(provider: string, events: AsyncIterable<SseEvent>): AsyncGenerator<ResponsesEvent> {
  for await (const event of events) {
    // OpenAI sends no [DONE] here, but servers modelled on chat streams do.
    if (event.data === '[DONE]') continue;
    const parsed = parseStreamEvent<unknown>(provider, event.data);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw errors.upstreamInvalidResponse(provider, `a stream event that is not an object: ${JSON.stringify(event.data.slice(0, 200))}`);
    }
    const item = parsed as ResponsesEvent;
    if (typeof item.type !== 'string') {
      if (event.event === undefined) throw errors.upstreamInvalidResponse(provider, 'a Responses API event without a type');
      item.type = event.event;
    }
    yield item;
  }
}
