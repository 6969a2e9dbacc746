import { describe, expect, it } from 'vitest';
import { decodeSse, type SseEvent } from './decode-sse.js';

const utf8 = new TextEncoder();

/** Yields `parts` as they are: each one is one chunk of the body. */
async function* chunks(parts: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield part;
}

async function decode(parts: readonly Uint8Array[]): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of decodeSse(chunks(parts))) events.push(event);
  return events;
}

const decodeText = (text: string) => decode([utf8.encode(text)]);

/** Splits `bytes` into pieces of `size` bytes. */
function pieces(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

describe('decodeSse', () => {
  it('decodes events separated by blank lines', async () => {
    expect(await decodeText('data: {"a":1}\n\ndata: [DONE]\n\n')).toEqual([
      { event: undefined, data: '{"a":1}' },
      { event: undefined, data: '[DONE]' },
    ]);
  });

  it('decodes the same events wherever a chunk boundary falls', async () => {
    const text = 'event: message\ndata: {"text":"héllo €"}\n\n: keep-alive\n\ndata: line one\r\ndata: line two\r\n\r\ndata: [DONE]\n\n';
    const bytes = utf8.encode(text);
    const whole = await decode([bytes]);
    expect(whole).toEqual([
      { event: 'message', data: '{"text":"héllo €"}' },
      { event: undefined, data: 'line one\nline two' },
      { event: undefined, data: '[DONE]' },
    ]);
    for (let split = 0; split <= bytes.length; split++) {
      const events = await decode([bytes.subarray(0, split), bytes.subarray(split)]);
      expect(events, `split at byte ${split}`).toEqual(whole);
    }
    expect(await decode(pieces(bytes, 1))).toEqual(whole);
  });

  it('keeps a multi-byte character whole when its bytes arrive in different chunks', async () => {
    const bytes = utf8.encode('data: 😀€\n\n');
    const start = utf8.encode('data: ').length;
    // the emoji is 4 bytes and the euro sign 3: try every cut inside them
    for (let split = start + 1; split < start + 7; split++) {
      expect(await decode([bytes.subarray(0, split), bytes.subarray(split)])).toEqual([{ event: undefined, data: '😀€' }]);
    }
    expect(await decode(pieces(bytes, 1))).toEqual([{ event: undefined, data: '😀€' }]);
  });

  it('reads \\r\\n line endings, also when \\r and \\n arrive in different chunks', async () => {
    const text = 'event: ping\r\ndata: 1\r\n\r\ndata: 2\r\n\r\n';
    const expected = [
      { event: 'ping', data: '1' },
      { event: undefined, data: '2' },
    ];
    expect(await decodeText(text)).toEqual(expected);
    const cut = text.indexOf('\n');
    expect(await decode([utf8.encode(text.slice(0, cut)), utf8.encode(text.slice(cut))])).toEqual(expected);
  });

  it('skips comment lines', async () => {
    expect(await decodeText(': OPENROUTER PROCESSING\n\ndata: x\n: a comment inside an event\n\n')).toEqual([{ event: undefined, data: 'x' }]);
  });

  it('joins multi-line data with \\n', async () => {
    expect(await decodeText('data: first\ndata: second\ndata:\ndata: fourth\n\n')).toEqual([{ event: undefined, data: 'first\nsecond\n\nfourth' }]);
  });

  it('reads event names and resets them after each event', async () => {
    expect(await decodeText('event: message_start\ndata: {"type":"message_start"}\n\ndata: {}\n\nevent: ping\ndata: {}\n\n')).toEqual([
      { event: 'message_start', data: '{"type":"message_start"}' },
      { event: undefined, data: '{}' },
      { event: 'ping', data: '{}' },
    ]);
  });

  it('removes one space after the colon, and only one', async () => {
    expect(await decodeText('data:no-space\n\ndata:  two-spaces\n\n')).toEqual([
      { event: undefined, data: 'no-space' },
      { event: undefined, data: ' two-spaces' },
    ]);
  });

  it('ignores fields it does not know and events without data', async () => {
    expect(await decodeText('id: 7\nretry: 1000\n\nevent: empty\n\ndata: x\nid: 8\n\n')).toEqual([{ event: undefined, data: 'x' }]);
  });

  it('yields a final event that has no trailing blank line', async () => {
    expect(await decodeText('data: a\n\ndata: b\n')).toEqual([
      { event: undefined, data: 'a' },
      { event: undefined, data: 'b' },
    ]);
    expect(await decodeText('data: a\n\nevent: last\ndata: b')).toEqual([
      { event: undefined, data: 'a' },
      { event: 'last', data: 'b' },
    ]);
    expect(await decodeText('data: b\r')).toEqual([{ event: undefined, data: 'b' }]);
  });

  it('yields nothing for an empty body', async () => {
    expect(await decode([])).toEqual([]);
    expect(await decode([new Uint8Array(0)])).toEqual([]);
  });
});
