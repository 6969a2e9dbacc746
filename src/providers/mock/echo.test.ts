import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../api/index.js';
import { echoDeltas, echoText, echoUsage } from './echo.js';

const request = (messages: ChatRequest['messages']): ChatRequest => ({ model: 'echo', messages });

describe('echoText', () => {
  it('echoes the last user message given as a string', () => {
    expect(
      echoText(
        request([
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'first question' },
          { role: 'assistant', content: 'first answer' },
          { role: 'user', content: 'second question' },
        ]),
      ),
    ).toBe('second question');
  });

  it('echoes the text parts of array content, joined with spaces', () => {
    expect(
      echoText(
        request([
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Describe' },
              { type: 'text', text: 'this picture.' },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
            ],
          },
        ]),
      ),
    ).toBe('Describe this picture.');
  });

  it('skips a last user message without text for an earlier one with text', () => {
    expect(
      echoText(
        request([
          { role: 'user', content: 'hello' },
          { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }] },
        ]),
      ),
    ).toBe('hello');
  });

  it('answers a fixed line when no user message has text', () => {
    expect(echoText(request([{ role: 'system', content: 'You are helpful.' }]))).toBe('Hello from the Switchyard mock provider.');
  });
});

describe('echoUsage', () => {
  it('counts one token per whitespace-separated word, over every message and the reply', () => {
    const chat = request([
      { role: 'system', content: 'Be  brief.' },
      { role: 'user', content: [{ type: 'text', text: 'one two' }, { type: 'text', text: 'three' }] },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'c', content: ' sunny\n\tand warm ' },
    ]);
    expect(echoUsage(chat, 'a b c d')).toEqual({ prompt_tokens: 8, completion_tokens: 4, total_tokens: 12 });
  });

  it('counts an empty reply as no tokens', () => {
    expect(echoUsage(request([{ role: 'user', content: '' }]), '')).toEqual({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
  });
});

describe('echoDeltas', () => {
  it('splits a reply into words with their following whitespace', () => {
    expect(echoDeltas('Hello there,  world!\n')).toEqual(['Hello ', 'there,  ', 'world!\n']);
  });

  it('gives deltas that join back into the reply', () => {
    for (const reply of ['Hello from the mock.', '  leading space', 'trailing  ', 'one', 'tabs\tand\nnewlines', 'Grüße 👋 ✓', '']) {
      expect(echoDeltas(reply).join('')).toBe(reply);
    }
  });
});

describe('echoText with mixed content parts', () => {
  it('joins the text parts around a non-text part with single spaces', () => {
    const text = echoText({
      model: 'echo',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Describe' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AA==' } }, { type: 'text', text: 'this' }] }],
    });
    expect(text).toBe('Describe this');
  });
});
