import type { PassthroughResponse } from '../../api/index.js';
import { toGatewayError } from '../../errors/index.js';
import { decodeSse } from '../../streaming/decode-sse.js';
import type { GeminiStreamFraming } from '../../surfaces/gemini/gemini-stream-encoder.js';
import { toGeminiError } from '../../surfaces/gemini/to-gemini-error.js';
import type { Exchange } from '../exchange.js';
import { addGatewayHeaders } from '../send.js';
import { writeRaw } from '../write-raw.js';
import { contentTypes } from './send-gemini-stream.js';

/**
 * Relays a Gemini provider's answer as it came: its status, content type and request
 * headers, its body bytes. A stream asked for with `alt=sse` is relayed byte for byte;
 * one asked for as Google's JSON array is re-framed from the provider's events, each
 * event's data an element. A failure while relaying a stream ends it with Google's
 * error object as the last event (or element).
 */
export async function relayGeminiPassthrough(exchange: Exchange, response: PassthroughResponse, framing: GeminiStreamFraming | undefined): Promise<void> {
  const { res } = exchange;
  const headers = addGatewayHeaders(exchange);
  Object.assign(headers, response.headers);
  if (framing === undefined) {
    const parts: Uint8Array[] = [];
    for await (const part of response.body) parts.push(part);
    const body = parts.length === 1 ? parts[0] : Buffer.concat(parts);
    headers['content-length'] = String(body.byteLength);
    res.writeHead(response.status, headers);
    res.end(body);
    return;
  }
  headers['content-type'] = contentTypes[framing];
  headers['cache-control'] = 'no-cache';
  headers['x-accel-buffering'] = 'no';
  delete headers['content-length'];
  res.writeHead(response.status, headers);
  let elements = 0;
  try {
    if (framing === 'sse') {
      for await (const part of response.body) if (!(await writeRaw(res, part))) return;
    } else {
      for await (const event of decodeSse(response.body)) if (!(await writeRaw(res, (elements++ === 0 ? '[' : ',\r\n') + event.data))) return;
    }
  } catch (error) {
    const failure = toGatewayError(error);
    if (failure.failureClass === 'cancelled' || res.destroyed) return;
    const body = JSON.stringify(toGeminiError(failure));
    res.write(framing === 'sse' ? `data: ${body}\r\n\r\n` : `${elements++ === 0 ? '[' : ',\r\n'}${body}`);
  }
  if (!res.destroyed) res.end(framing === 'sse' ? undefined : elements === 0 ? '[]' : ']');
}
