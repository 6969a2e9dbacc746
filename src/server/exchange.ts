import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestContext } from '../core/request-context.js';
import type { ExchangeLog } from './exchange-log.js';
import type { ErrorBody, ErrorStatus } from './router.js';

/** One HTTP request being served: the raw pair, the gateway context, and headers every answer carries. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  context: RequestContext;
  /** Headers every response carries (request id, CORS, connection). */
  headers: Record<string, string | string[]>;
  /** The path without its query string. */
  path: string;
  /** The route's path parameters (`{model}` of `/v1beta/models/{model}:{method}`, ...). */
  params: Readonly<Record<string, string>>;
  /** The error shape of the API surface the route belongs to (OpenAI's by default). */
  errorBody: ErrorBody;
  /** The surface's own status for an error, where it has one. */
  errorStatus: ErrorStatus | undefined;
  /** Bytes the body may have (`client.max_request_body_size_mb`). */
  maxBodyBytes: number;
  /** The gateway error code the request was answered with (set by `fail`), for metrics. */
  errorCode: string | undefined;
  /** What the request log records beyond the context; `undefined` when request logging is off. */
  log: ExchangeLog | undefined;
  /** Answers with the error (logged when it is the gateway's or the provider's fault). */
  fail(error: unknown): void;
}
