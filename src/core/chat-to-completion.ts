import type { ChatResponse, CompletionChoice, CompletionRequest, CompletionResponse, Usage } from '../api/index.js';
import { addUsage } from './add-usage.js';

/**
 * The text completion made of the chat answers to each prompt: choice `i` of
 * prompt `p` is choice `p * n + i`, as OpenAI numbers them; with `echo`, each
 * text starts with its prompt; usage is the sum of all answers'.
 */
export function toCompletionFromChat(answers: readonly ChatResponse[], prompts: readonly string[], request: CompletionRequest): CompletionResponse {
  const n = request.n ?? 1;
  const echo = request.echo === true;
  const choices: CompletionChoice[] = [];
  let usage: Usage | undefined;
  answers.forEach((answer, prompt) => {
    for (const choice of answer.choices) {
      const message = choice.message;
      const text = message.content ?? message.refusal ?? '';
      const entry: CompletionChoice = { index: prompt * n + choice.index, text: echo ? prompts[prompt] + text : text, logprobs: null, finish_reason: choice.finish_reason };
      if (choice.native_finish_reason !== undefined) entry.native_finish_reason = choice.native_finish_reason;
      choices.push(entry);
    }
    if (answer.usage) usage = addUsage(usage, answer.usage);
  });
  const first = answers[0];
  const response: CompletionResponse = { id: first.id, object: 'text_completion', created: first.created, model: first.model, choices };
  if (first.system_fingerprint != null) response.system_fingerprint = first.system_fingerprint;
  if (usage) response.usage = usage;
  return response;
}
