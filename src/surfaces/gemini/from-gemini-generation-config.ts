import type { ChatRequest } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import { thinkingBudgets } from '../../providers/gemini/request.js';
import { fromGeminiSchema } from './from-gemini-schema.js';
import type { InboundGenerationConfig } from './wire.js';

/** `generationConfig` fields with a chat request field of the same meaning. */
const renamed: Readonly<Record<string, string>> = {
  maxOutputTokens: 'max_completion_tokens',
  temperature: 'temperature',
  topP: 'top_p',
  seed: 'seed',
  presencePenalty: 'presence_penalty',
  frequencyPenalty: 'frequency_penalty',
  candidateCount: 'n',
  stopSequences: 'stop',
} satisfies Record<string, string>;

/** Fields read below (or harmless), never reported as dropped. */
const handled: ReadonlySet<string> = new Set(['responseMimeType', 'responseSchema', 'responseJsonSchema', 'thinkingConfig']);

/** Reasoning efforts by growing thinking budget, for reading a budget back into an effort. */
const efforts = (['low', 'medium', 'high'] as const).map((effort) => ({ effort, budget: thinkingBudgets[effort]! }));

/**
 * Reads `generationConfig` into chat request fields. A thinking budget becomes the
 * smallest `reasoning_effort` that grants at least as much; 0 (thinking off) and -1
 * (Gemini's "dynamic") leave the model's default, since models without reasoning
 * controls refuse any effort; a `thinkingLevel` is the effort of its name.
 * `responseMimeType: application/json` asks for JSON, following `responseJsonSchema` or
 * `responseSchema` when given. Fields this model cannot take (`topK`, `responseLogprobs`,
 * `speechConfig`, ...) are dropped with a warning.
 */
export function fromGeminiGenerationConfig(config: InboundGenerationConfig | undefined, warnings: string[]): Partial<ChatRequest> {
  const out: Partial<ChatRequest> = {};
  if (config === undefined || config === null) return out;
  if (typeof config !== 'object') throw errors.invalidRequest('generationConfig must be an object.', 'generationConfig');
  for (const field in config) {
    const value = config[field];
    if (value === undefined || value === null) continue;
    const target = renamed[field];
    if (target !== undefined) out[target] = value;
    else if (field === 'responseModalities' && Array.isArray(value) && value.every((modality) => String(modality).toUpperCase() === 'TEXT')) continue;
    else if (!handled.has(field)) warnings.push(`generationConfig.${field} is not supported by this model and was dropped`);
  }
  if (out.n === 1) delete out.n;
  const format = toResponseFormat(config, warnings);
  if (format !== undefined) out.response_format = format;
  const effort = toReasoningEffort(config.thinkingConfig, warnings);
  if (effort !== undefined) out.reasoning_effort = effort;
  return out;
}

function toResponseFormat(config: InboundGenerationConfig, warnings: string[]): ChatRequest['response_format'] {
  const mimeType = config.responseMimeType;
  const schema = config.responseJsonSchema ?? (config.responseSchema === undefined ? undefined : fromGeminiSchema(config.responseSchema));
  if (mimeType === 'application/json' || (mimeType === undefined && schema !== undefined)) {
    return schema === undefined ? { type: 'json_object' } : { type: 'json_schema', json_schema: { name: 'response', schema: schema as Record<string, unknown> } };
  }
  if (mimeType !== undefined && mimeType !== 'text/plain') warnings.push(`generationConfig.responseMimeType '${mimeType}' is not supported by this model and was dropped`);
  return undefined;
}

function toReasoningEffort(thinking: InboundGenerationConfig['thinkingConfig'], warnings: string[]): string | undefined {
  if (thinking === undefined || thinking === null) return undefined;
  if (typeof thinking.thinkingLevel === 'string' && thinking.thinkingLevel !== 'THINKING_LEVEL_UNSPECIFIED') return thinking.thinkingLevel.toLowerCase();
  const budget = thinking.thinkingBudget;
  if (typeof budget !== 'number' || budget < 0) return undefined;
  if (budget === 0) {
    // Gemini clients send it to turn thinking off; models without reasoning controls refuse any reasoning_effort.
    warnings.push('generationConfig.thinkingConfig.thinkingBudget 0 was not sent: the model thinks as it does by default');
    return undefined;
  }
  return (efforts.find((entry) => entry.budget >= budget) ?? efforts[efforts.length - 1]).effort;
}
