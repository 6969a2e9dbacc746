/**
 * One request as the request log keeps it. Built by the server when the response
 * is over (a stream at its end) and written later, in batches, by `LogWriter`.
 * Absent values are `null` (they are stored as SQL NULL).
 */
export interface RequestLogEntry {
  /** When the request arrived, in milliseconds since the epoch. */
  timestamp: number;
  requestId: string;
  /** HTTP method. */
  method: string;
  /** The matched route's path template (`/v1/chat/completions`), or `unmatched`. */
  route: string;
  /** The model call the route made (`chat`, `chat-stream`, `embed`, ...), `null` for routes that call none. */
  operation: string | null;
  /** The provider and model that served the request, or were tried last. */
  provider: string | null;
  model: string | null;
  /** The provider key's name (never its value). */
  keyName: string | null;
  /** The governance virtual key that made the request. */
  virtualKey: string | null;
  /** The governance team of that virtual key, if it belongs to one. */
  team: string | null;
  /** The governance customer of that virtual key (directly, or through its team). */
  customer: string | null;
  /** HTTP status answered (200 for a stream that failed after it began; see `errorCode`). */
  status: number;
  /** The gateway error code, for requests that failed (streams included). */
  errorCode: string | null;
  errorMessage: string | null;
  /** Time to the end of the response, in milliseconds. */
  latencyMs: number;
  /** Time to the first streamed event, in milliseconds (streams only). */
  ttftMs: number | null;
  /** Time spent waiting on providers, in milliseconds. */
  upstreamMs: number;
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
  /** What the answer cost, in US dollars, when the model is priced. */
  costUsd: number | null;
  /** `hit-exact`, `hit-semantic`, `miss` or `bypass`, when a cache took part. */
  cacheStatus: string | null;
  /** Upstream attempts, retries and fallbacks included. */
  attempts: number;
  /** Which target of the route served: 0 the first, 1 its first fallback, ... */
  fallbackIndex: number;
  stream: boolean;
  /** The request body as received (`null` when content logging is off). */
  requestContent: string | null;
  /** The response body, or a stream's text; `null` when content logging is off. */
  responseContent: string | null;
}

/** A stored entry, with the store's row id. */
export interface RequestLogRecord extends RequestLogEntry {
  id: number;
}
