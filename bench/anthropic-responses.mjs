// Precomputed Anthropic Messages API wire bodies (https://docs.anthropic.com/en/api/messages and
// /en/api/messages-streaming), the same answer as openai-responses.mjs: scenario f measures what
// translating it costs the gateway.
import { CONTENT_TOKENS } from './openai-responses.mjs';

const MESSAGE_ID = 'msg_01BenchSwitchyard000000001';
const INPUT_TOKENS = 9;

const usage = (outputTokens) => ({
  input_tokens: INPUT_TOKENS,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
  output_tokens: outputTokens,
  service_tier: 'standard',
});

/** A `message` body for `model`. */
export function toMessageBody(model) {
  return Buffer.from(JSON.stringify({
    id: MESSAGE_ID,
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text: CONTENT_TOKENS.join('') }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: usage(CONTENT_TOKENS.length),
  }));
}

/** The named SSE events of a streamed message for `model`, one Buffer per event. */
export function toMessageStreamEvents(model) {
  const event = (data) => Buffer.from(`event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`);
  return [
    event({ type: 'message_start', message: { id: MESSAGE_ID, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: usage(1) } }),
    event({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    event({ type: 'ping' }),
    ...CONTENT_TOKENS.map((text) => event({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } })),
    event({ type: 'content_block_stop', index: 0 }),
    event({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: CONTENT_TOKENS.length } }),
    event({ type: 'message_stop' }),
  ];
}
