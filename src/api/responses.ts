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
  parallel_tool_calls?: boolean | null;
  max_output_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  text?: { format?: { type: string; [field: string]: unknown } } | null;
  reasoning?: { effort?: string | null; summary?: string | null } | null;
  /** Stateful options: only providers with a native Responses API honour them. */
  previous_response_id?: string | null;
  store?: boolean | null;
  background?: boolean | null;
  metadata?: Record<string, string> | null;
  user?: string;
  [field: string]: unknown;
}

/** One input item: a message, a function call or a function call's output. */
export type ResponsesInputItem = { type?: string; role?: string; content?: unknown; [field: string]: unknown };

/** Text of an output message. */
export interface ResponsesOutputText {
  type: 'output_text';
  text: string;
  annotations: unknown[];
}

/** An assistant message of the output. */
export interface ResponsesOutputMessage {
  type: 'message';
  id: string;
  status: 'in_progress' | 'completed' | 'incomplete';
  role: 'assistant';
  content: Array<ResponsesOutputText | { type: 'refusal'; refusal: string }>;
  [field: string]: unknown;
}

/** A function call the model asks for; `call_id` links it to its `function_call_output`. */
export interface ResponsesFunctionCall {
  type: 'function_call';
  id: string;
  status: 'in_progress' | 'completed' | 'incomplete';
  call_id: string;
  name: string;
  arguments: string;
  [field: string]: unknown;
}

/** The model's reasoning, as summary text. */
export interface ResponsesReasoning {
  type: 'reasoning';
  id: string;
  summary: Array<{ type: 'summary_text'; text: string }>;
  [field: string]: unknown;
}

/** An output item the gateway builds when it translates through chat. */
export type ResponsesOutputItem = ResponsesOutputMessage | ResponsesFunctionCall | ResponsesReasoning;

/** Token accounting of a response, the Responses API's shape. */
export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; [field: string]: unknown };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number; [field: string]: unknown };
  total_tokens: number;
  [field: string]: unknown;
}

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
