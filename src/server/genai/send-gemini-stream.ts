import type { StreamChunk } from '../../api/index.js';
import type { GeminiStreamEncoder, GeminiStreamFraming } from '../../surfaces/gemini/gemini-stream-encoder.js';
import type { Exchange } from '../exchange.js';
import { addGatewayHeaders } from '../send.js';
import { noteFailure } from '../send-event-stream.js';
import { SseWriter } from '../sse-writer.js';

/** The content type of each framing of `streamGenerateContent`, as Google answers. */
export const contentTypes: Readonly<Record<GeminiStreamFraming, string>> = {
  sse: 'text/event-stream; charset=utf-8',
  'json-array': 'application/json; charset=utf-8',
} satisfies Record<GeminiStreamFraming, string>;

/**
 * Answers with a translated stream of `GenerateContentResponse`s. As `sendEventStream`
 * does, the first chunk is awaited before anything is written (a failure until then is
 * an ordinary error answer in Google's shape), a slow reader pauses the stream and one
 * that went away stops it. The encoder writes the end in every case: the last response,
 * or after an in-stream error the end of the JSON array.
 */
export async function sendGeminiStream(exchange: Exchange, stream: AsyncGenerator<StreamChunk, void, undefined>, encoder: GeminiStreamEncoder, framing: GeminiStreamFraming): Promise<void> {
  const first = await stream.next();
  const { res } = exchange;
  const headers = addGatewayHeaders(exchange);
  headers['content-type'] = contentTypes[framing];
  headers['cache-control'] = 'no-cache';
  headers['x-accel-buffering'] = 'no';
  res.writeHead(200, headers);
  const writer = new SseWriter(res);
  const log = exchange.log;
  if (!first.done) {
    if (first.value.type === 'error') noteFailure(exchange, first.value);
    log?.streamItem(first.value);
    await writer.write(encoder.encode(first.value));
    for await (const chunk of stream) {
      if (writer.closed) break;
      if (chunk.type === 'error') noteFailure(exchange, chunk);
      log?.streamItem(chunk);
      const pending = writer.write(encoder.encode(chunk));
      if (pending) await pending;
    }
  }
  writer.end(encoder.done());
}
