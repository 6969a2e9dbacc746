import { describe, expect, it } from 'vitest';
import { estimateChatTokens, imageTokenEstimate } from './estimate-chat-tokens.js';

describe('estimateChatTokens', () => {
  it('counts text with the o200k_base tokenizer plus the chat framing', async () => {
    // "Hello world" is 2 tokens in o200k_base; 3 per message and 3 for the answer.
    expect(await estimateChatTokens({ model: 'm', messages: [{ role: 'user', content: 'Hello world' }] })).toBe(8);
  });

  it('counts tool definitions, tool calls, reasoning, images and special-token-looking text', async () => {
    const plain = await estimateChatTokens({ model: 'm', messages: [{ role: 'user', content: 'Hi' }] });
    const rich = await estimateChatTokens({
      model: 'm',
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Hi <|endoftext|>' }, { type: 'image_url', image_url: { url: 'https://x/y.png' } }] },
        { role: 'assistant', content: null, reasoning_content: 'think', tool_calls: [{ id: 'c', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
      ],
    });
    expect(rich).toBeGreaterThan(plain + imageTokenEstimate + 20);
  });
});
