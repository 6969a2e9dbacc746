import type { FinishReason } from '../../api/index.js';

const openAIReasons: Readonly<Record<FinishReason, true>> = {
  stop: true,
  length: true,
  tool_calls: true,
  content_filter: true,
  function_call: true,
};

/** Reasons OpenAI-wire providers send beyond OpenAI's own (https://docs.mistral.ai/api: `model_length`, `error`). */
const otherReasons: Readonly<Record<string, FinishReason>> = {
  model_length: 'length',
  error: 'stop',
} satisfies Record<string, FinishReason>;

/** Whether `raw` is one of OpenAI's own finish reasons. */
export function isOpenAIFinishReason(raw: string): raw is FinishReason {
  return Object.hasOwn(openAIReasons, raw);
}

/** Maps an OpenAI-wire finish reason; unknown ones map to `stop`, and the raw value is kept by the caller. */
export function toFinishReason(raw: string): FinishReason {
  if (isOpenAIFinishReason(raw)) return raw;
  return Object.hasOwn(otherReasons, raw) ? otherReasons[raw] : 'stop';
}
