import type { BedrockModelFamily } from './model-id.js';
import type { BedrockConverseRequest } from './wire.js';

/** Anthropic thinking budgets (tokens) for OpenAI's `reasoning_effort` values, as the anthropic adapter maps them; 1024 is Anthropic's minimum. */
const anthropicBudgets: Readonly<Record<string, number>> = {
  minimal: 1024,
  low: 2048,
  medium: 8192,
  high: 16384,
  xhigh: 32768,
} satisfies Record<string, number>;

/** Amazon Nova 2 reasoning efforts for OpenAI's values. */
const novaEfforts: Readonly<Record<string, 'low' | 'medium' | 'high'>> = {
  minimal: 'low',
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'high',
} satisfies Record<string, 'low' | 'medium' | 'high'>;

/** Output tokens left for the answer when the caller set no `max_tokens` and thinking takes its budget. */
const answerTokensWithThinking = 4096;

/** What the request needs for reasoning: model fields, and the answer's token limit when thinking counts in it. */
export interface BedrockReasoning {
  additionalModelRequestFields?: Record<string, unknown>;
  maxTokens?: number;
  /** Anthropic thinking is on: sampling changes and forced tools are refused with it. */
  anthropicThinking: boolean;
}

/**
 * Maps `reasoning_effort` to the model's thinking controls, passed in
 * `additionalModelRequestFields`: Anthropic's `thinking` budget (which counts in
 * `maxTokens`, so the budget is added to it) or Nova 2's `reasoningConfig`.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/claude-messages-extended-thinking.html
 */
export function toBedrockReasoning(
  effort: string | undefined,
  family: BedrockModelFamily,
  maxTokens: number | undefined,
  provider: string,
  warnings: string[],
): BedrockReasoning {
  if (effort === undefined || effort === null || effort === 'none') return { maxTokens, anthropicThinking: false };
  if (family === 'anthropic') {
    const budget = anthropicBudgets[effort];
    if (budget === undefined) return unknownEffort(effort, provider, maxTokens, warnings);
    return {
      additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: budget } },
      maxTokens: (maxTokens ?? answerTokensWithThinking) + budget,
      anthropicThinking: true,
    };
  }
  if (family === 'nova-2') {
    const level = novaEfforts[effort];
    if (level === undefined) return unknownEffort(effort, provider, maxTokens, warnings);
    return { additionalModelRequestFields: { reasoningConfig: { type: 'enabled', maxReasoningEffort: level } }, maxTokens, anthropicThinking: false };
  }
  warnings.push(`reasoning_effort is not supported by ${provider} for this model and was dropped`);
  return { maxTokens, anthropicThinking: false };
}

function unknownEffort(effort: string, provider: string, maxTokens: number | undefined, warnings: string[]): BedrockReasoning {
  warnings.push(`reasoning_effort '${effort}' is not supported by ${provider} and was dropped`);
  return { maxTokens, anthropicThinking: false };
}
