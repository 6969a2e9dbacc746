import { describe, expect, it } from 'vitest';
import { ResponsesSseEncoder } from './encode-responses-sse.js';

describe('ResponsesSseEncoder', () => {
  it('writes an event: line with the type and a data: line with the event', () => {
    const event = { type: 'response.output_text.delta', sequence_number: 4, delta: 'a\nb' };

    expect(new ResponsesSseEncoder().encode(event)).toBe(`event: response.output_text.delta\ndata: ${JSON.stringify(event)}\n\n`);
  });

  it('has no end marker', () => {
    expect(new ResponsesSseEncoder().done()).toBe('');
  });
});
