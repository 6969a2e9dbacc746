import { describe, expect, it } from 'vitest';
import { promptText } from './prompt-text.js';

describe('promptText', () => {
  it('writes each non-system message as a role: text line with whitespace collapsed', () => {
    const text = promptText([
      { role: 'system', content: 'You are terse.' },
      { role: 'developer', content: 'Answer in French.' },
      { role: 'user', content: '  What is\n\tthe   capital of France? ' },
      { role: 'assistant', content: 'Paris.' },
      { role: 'user', content: 'And of Spain?' },
    ]);
    expect(text).toBe('user: What is the capital of France?\nassistant: Paris.\nuser: And of Spain?');
  });

  it('keeps only the text parts of multimodal content', () => {
    const text = promptText([
      { role: 'user', content: [{ type: 'text', text: 'Describe' }, { type: 'image_url', image_url: { url: 'https://example.com/a.png' } }, { type: 'text', text: 'this  image' }] },
    ]);
    expect(text).toBe('user: Describe this image');
  });

  it('writes assistant tool calls and tool results, so different earlier calls read differently', () => {
    const call = (city: string) =>
      promptText([
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'weather', arguments: `{"city":"${city}"}` } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
      ]);
    expect(call('Paris')).toBe('user: Weather?\nassistant: weather({"city":"Paris"})\ntool: sunny');
    expect(call('Rome')).not.toBe(call('Paris'));
  });

  it('is empty for a conversation of system messages only', () => {
    expect(promptText([{ role: 'system', content: 'Be brief.' }])).toBe('');
  });
});
