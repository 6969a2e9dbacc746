/**
 * OpenAI Responses API shapes (`POST /v1/responses`). The gateway passes them
 * through to providers that have the API and translates the common subset
 * (text, images, function tools, reasoning) through chat for the others.
 */

/** A Responses API request; fields the gateway does not interpret are kept. */
export interface ResponsesRequest {
  model: string;
  input: string | ResponsesInputItem[];
  instructions?: string | null;
  stream?: boolean;
  tools?: Array<{ type: string; [field: string]: unknown }>;
  tool_choice?: unknown;
  max_output_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  text?: { format?: { type: string; [field: string]: unknown } } | null;
  reasoning?: { effort?: string | null; summary?: string | null } | null;
  [field: string]: unknown;
}

/** One input item: a message, a function call or a function call's output. */
export type ResponsesInputItem = { type?: string; role?: string; content?: unknown; [field: string]: unknown };

/** A Responses API response object (`object: "response"`). */
export interface ResponsesResponse {
  id: string;
  object: 'response';
  created_at: number;
  status: string;
  model: string;
  output: Array<{ type: string; [field: string]: unknown }>;
  usage?: Record<string, unknown> | null;
  [field: string]: unknown;
}

/** One streamed Responses API event (`response.created`, `response.output_text.delta`, ...). */
export interface ResponsesEvent {
  type: string;
  [field: string]: unknown;
}
