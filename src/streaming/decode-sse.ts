import { StringDecoder } from 'node:string_decoder';

/** One server-sent event. */
export interface SseEvent {
  /** The `event:` field; `undefined` for unnamed events. */
  event: string | undefined;
  /** The `data:` lines, joined with `\n`. */
  data: string;
}

/**
 * Decodes a byte stream into server-sent events, incrementally: each byte is
 * looked at once, a multi-byte character split across chunks is kept whole,
 * and both `\n` and `\r\n` line endings are read (WHATWG HTML, "Parsing an event stream").
 * `mapError` turns a failure to read the body (reset, timeout) into the caller's error type.
 */
export async function* decodeSse(body: AsyncIterable<Uint8Array>, mapError?: (error: unknown) => Error): AsyncGenerator<SseEvent> {
  const decoder = new StringDecoder('utf8');
  let buffer = '';
  let event: string | undefined;
  let data: string | undefined;
  const iterator = body[Symbol.asyncIterator]();

  let finished = false;
  try {
    for (;;) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await iterator.next();
      } catch (error) {
        throw mapError ? mapError(error) : error;
      }
      if (next.done) break;
      const bytes = next.value;
      buffer = buffer === '' ? decoder.write(bytes as Buffer) : buffer + decoder.write(bytes as Buffer);
      let start = 0;
      let newline = buffer.indexOf('\n', start);
      while (newline !== -1) {
        const end = newline > start && buffer.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
        if (end === start) {
          if (data !== undefined) yield { event, data };
          event = undefined;
          data = undefined;
        } else if (buffer.charCodeAt(start) !== 58 /* ':' comment */) {
          const colon = buffer.indexOf(':', start);
          const fieldEnd = colon === -1 || colon > end ? end : colon;
          let valueStart = fieldEnd + 1;
          if (valueStart < end && buffer.charCodeAt(valueStart) === 32) valueStart++;
          const value = fieldEnd === end ? '' : buffer.slice(valueStart, end);
          const field = buffer.slice(start, fieldEnd);
          if (field === 'data') data = data === undefined ? value : `${data}\n${value}`;
          else if (field === 'event') event = value;
        }
        start = newline + 1;
        newline = buffer.indexOf('\n', start);
      }
      buffer = start === buffer.length ? '' : buffer.slice(start);
    }
    finished = true;
  } finally {
    // Leaving early (the consumer stopped) releases the body.
    if (!finished) await iterator.return?.();
  }
  buffer += decoder.end();
  if (buffer !== '' && buffer.startsWith('data:')) {
    const value = buffer.slice(buffer.charCodeAt(5) === 32 ? 6 : 5).replace(/\r$/, '');
    data = data === undefined ? value : `${data}\n${value}`;
  }
  if (data !== undefined) yield { event, data };
}
