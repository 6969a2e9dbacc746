// Precomputed OpenAI Chat Completions wire bodies, in the exact shape the real API sends.
// The fake upstream serves these bytes as-is so that it costs as little CPU as possible.

const COMPLETION_ID = 'chatcmpl-BenchSwitchyard0000000000001';
const CREATED = 1764028800;
const SYSTEM_FINGERPRINT = 'fp_b1e2c3d4e5';
const PROMPT_TOKENS = 9;

/** 18 content tokens; with the role chunk and the finish chunk a stream has 20 chunk events. */
export const CONTENT_TOKENS = [
  'Hello!', ' I', ' am', ' a', ' fake', ' upstream', ' model', ' answering', ' your',
  ' benchmark', ' request', ' as', ' quickly', ' as', ' I', ' possibly', ' can', ' today.',
];

const usage = {
  prompt_tokens: PROMPT_TOKENS,
  completion_tokens: CONTENT_TOKENS.length,
  total_tokens: PROMPT_TOKENS + CONTENT_TOKENS.length,
  prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
  completion_tokens_details: {
    reasoning_tokens: 0,
    audio_tokens: 0,
    accepted_prediction_tokens: 0,
    rejected_prediction_tokens: 0,
  },
};

/** A `chat.completion` body for `model`. */
export function toCompletionBody(model) {
  return Buffer.from(JSON.stringify({
    id: COMPLETION_ID,
    object: 'chat.completion',
    created: CREATED,
    model,
    choices: [{
      index: 0,
      message: { role: 'assistant', content: CONTENT_TOKENS.join(''), refusal: null, annotations: [] },
      logprobs: null,
      finish_reason: 'stop',
    }],
    usage,
    service_tier: 'default',
    system_fingerprint: SYSTEM_FINGERPRINT,
  }));
}

/**
 * The SSE events of a streamed completion for `model`, one Buffer per event:
 * a role chunk, one chunk per content token, a finish chunk, then (when `includeUsage`)
 * the usage chunk with empty choices, then `[DONE]`.
 */
export function toStreamEvents(model, includeUsage) {
  const chunk = (choices, extra) => ({
    id: COMPLETION_ID,
    object: 'chat.completion.chunk',
    created: CREATED,
    model,
    service_tier: 'default',
    system_fingerprint: SYSTEM_FINGERPRINT,
    choices,
    ...extra,
  });
  // With include_usage the real API adds `"usage": null` to every chunk but the last.
  const pendingUsage = includeUsage ? { usage: null } : {};
  const choice = (delta, finishReason) => ({ index: 0, delta, logprobs: null, finish_reason: finishReason });

  const chunks = [
    chunk([choice({ role: 'assistant', content: '', refusal: null }, null)], pendingUsage),
    ...CONTENT_TOKENS.map((token) => chunk([choice({ content: token }, null)], pendingUsage)),
    chunk([choice({}, 'stop')], pendingUsage),
  ];
  if (includeUsage) chunks.push(chunk([], { usage }));

  const events = chunks.map((value) => Buffer.from(`data: ${JSON.stringify(value)}\n\n`));
  events.push(Buffer.from('data: [DONE]\n\n'));
  return events;
}

/** An OpenAI-shaped error body. */
export function toErrorBody(message, type, code) {
  return Buffer.from(JSON.stringify({ error: { message, type, param: null, code } }));
}
