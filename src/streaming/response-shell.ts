import type { ResponsesRequest, ResponsesUsage, Usage } from '../api/index.js';

/** The fields of a `response` object that restate the request, as OpenAI returns them. */
export type ResponseShell = Record<string, unknown>;

/**
 * What a translated `response` object says of its request (instructions, tools,
 * sampling settings), with OpenAI's defaults for what the request left out. The
 * gateway keeps nothing, so `store` is `false` and `previous_response_id` `null`.
 */
export function toResponseShell(request: ResponsesRequest): ResponseShell {
  return {
    error: null,
    incomplete_details: null,
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    metadata: request.metadata ?? {},
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: null,
    reasoning: { effort: request.reasoning?.effort ?? null, summary: request.reasoning?.summary ?? null },
    store: false,
    temperature: request.temperature ?? null,
    text: { format: request.text?.format ?? { type: 'text' } },
    tool_choice: request.tool_choice ?? 'auto',
    tools: request.tools ?? [],
    top_p: request.top_p ?? null,
    truncation: 'disabled',
    user: request.user ?? null,
  };
}

/** Chat usage in the Responses API's terms (`input_tokens`, `output_tokens`, their details). */
export function toResponsesUsage(usage: Usage): ResponsesUsage {
  return {
    input_tokens: usage.prompt_tokens,
    input_tokens_details: { cached_tokens: usage.prompt_tokens_details?.cached_tokens ?? 0 },
    output_tokens: usage.completion_tokens,
    output_tokens_details: { reasoning_tokens: usage.completion_tokens_details?.reasoning_tokens ?? 0 },
    total_tokens: usage.total_tokens,
  };
}
