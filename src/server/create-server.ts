import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Cancellation } from '../core/cancellation.js';
import { createRequestContext } from '../core/request-context.js';
import { newRequestId } from '../core/request-id.js';
import { errors, toGatewayError, toOpenAIError } from '../errors/index.js';
import type { Gateway } from '../gateway.js';
import { createLogger, type Logger } from '../logging/logger.js';
import { operationOf } from '../metrics/operation-of.js';
import { Cors } from './cors.js';
import { ExchangeLog } from './exchange-log.js';
import { toLogEntry } from './log-exchange.js';
import { rawHeader } from './raw-header.js';
import type { Exchange } from './exchange.js';
import { router, type ServerState } from './routes.js';
import { addGatewayHeaders, sendError } from './send.js';

/** Options of the HTTP server; by default they come from the gateway's `client` config. */
export interface ServerOptions {
  logger?: Logger;
  maxRequestBodySizeMb?: number;
  allowedOrigins?: readonly string[];
  /**
   * Cluster mode: this worker's id and pid (sent as `x-switchyard-worker` and
   * `x-switchyard-worker-pid` on every response) and how `/metrics` gathers
   * every worker's metrics. Absent in a single process.
   */
  worker?: { id: string; pid: number; metricsExposition(): Promise<string> };
}

/** The gateway's HTTP server: a `node:http` server plus a graceful `shutdown`. */
export interface SwitchyardServer {
  readonly server: Server;
  /** Requests being served now. */
  readonly inFlight: number;
  /** Stops accepting, lets in-flight requests finish for up to `timeoutMs`, then closes what is left. */
  shutdown(timeoutMs: number): Promise<{ drained: boolean }>;
}

const requestIdPattern = /^[\w.:-]{1,128}$/;
const noParams: Readonly<Record<string, string>> = Object.freeze({});
/** The `path` label of requests no route matched: one value, whatever the path. */
const unmatched = 'unmatched';

/**
 * The model call a finished exchange made (`chat`, `embed`, ...), with `-stream`
 * when it was answered as a stream; `undefined` for routes that call no model.
 */
function answeredOperation(exchange: Exchange, template: string): string | undefined {
  const operation = operationOf(template, exchange.params);
  // The answer's headers are in `exchange.headers` (given to `writeHead`, which `getHeader` does not see).
  if (operation !== undefined && String(exchange.headers['content-type'] ?? '').startsWith('text/event-stream')) return `${operation}-stream`;
  return operation;
}

/** Creates the HTTP server for a gateway. It uses only the gateway's public API. */
export function createServer(gateway: Gateway, options: ServerOptions = {}): SwitchyardServer {
  const client = gateway.config?.client;
  const logger = options.logger ?? createLogger();
  const maxBodyBytes = Math.floor((options.maxRequestBodySizeMb ?? client?.max_request_body_size_mb ?? 100) * 1024 * 1024);
  const cors = new Cors(options.allowedOrigins ?? client?.allowed_origins ?? []);
  const worker = options.worker;
  const state: ServerState = { shuttingDown: false, metricsExposition: worker?.metricsExposition };
  const workerPid = worker === undefined ? '' : String(worker.pid);
  let inFlight = 0;
  let idle: (() => void) | undefined;
  const metrics = gateway.metrics;
  const untrack = metrics?.trackServer(() => inFlight);
  const tracing = gateway.tracing;
  const requestLog = gateway.logs;

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const startedAt = performance.now();
    const incomingId = rawHeader(req, 'x-request-id');
    const requestId = typeof incomingId === 'string' && requestIdPattern.test(incomingId) ? incomingId : newRequestId();
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const cancellation = new Cancellation();
    let template = unmatched;
    const written = metrics === undefined ? 0 : req.socket.bytesWritten;
    res.once('close', () => {
      // Closed before the answer was complete: the client went away; cancel the upstream work.
      if (!res.writableFinished) cancellation.abort();
      const operation = template === unmatched ? undefined : answeredOperation(exchange, template);
      if (metrics !== undefined) record(exchange, template, operation, written);
      if (requestLog !== undefined && operation !== undefined) logRequest(exchange, template, operation);
      if (tracing !== undefined) tracing.endRequest(exchange.context, { method: req.method ?? 'GET', route: template === unmatched ? undefined : template, status: res.statusCode, errorCode: exchange.errorCode });
      inFlight--;
      if (inFlight === 0 && idle) idle();
    });
    const exchange: Exchange = {
      req,
      res,
      path,
      maxBodyBytes,
      headers: { 'x-request-id': requestId },
      params: noParams,
      errorBody: toOpenAIError,
      errorStatus: undefined,
      errorCode: undefined,
      context: createRequestContext({ requestId, headers: () => req.headers, signal: cancellation, startedAt }),
      log: requestLog === undefined ? undefined : new ExchangeLog(requestLog.contentLogging, requestLog.maxContentChars),
      fail: (error) => fail(exchange, error),
    };
    if (tracing !== undefined) exchange.headers.traceparent = tracing.startRequest(exchange.context, rawHeader(req, 'traceparent'), req.method ?? 'GET');
    if (worker !== undefined) {
      exchange.headers['x-switchyard-worker'] = worker.id;
      exchange.headers['x-switchyard-worker-pid'] = workerPid;
    }
    if (state.shuttingDown) exchange.headers.connection = 'close';
    if (cors.enabled && cors.apply(req, exchange.headers) && req.method === 'OPTIONS') {
      cors.preflight(req, exchange.headers);
      res.writeHead(204, addGatewayHeaders(exchange)).end();
      return;
    }
    let handled: Promise<void> | void;
    try {
      const route = router.match(path);
      if (route === undefined) {
        const shape = router.errorShapeFor(path);
        if (shape) {
          exchange.errorBody = shape.errorBody;
          exchange.errorStatus = shape.errorStatus;
        }
        throw errors.routeNotFound(req.method ?? 'GET', path);
      }
      exchange.params = route.params;
      template = route.path;
      if (tracing !== undefined) tracing.setOperation(exchange.context, operationOf(template, route.params));
      exchange.errorBody = route.errorBody;
      exchange.errorStatus = route.errorStatus;
      const handler = route.methods[req.method ?? 'GET'];
      if (handler === undefined) {
        const allowed = Object.keys(route.methods).join(', ');
        exchange.headers.allow = allowed;
        throw errors.methodNotAllowed(req.method ?? 'GET', path, allowed);
      }
      handled = handler(gateway, exchange, state);
    } catch (error) {
      fail(exchange, error);
      return;
    }
    // A rejection handler rather than an awaiting async function: nothing is kept per request meanwhile.
    handled?.then(undefined, exchange.fail);
  };

  const fail = (exchange: Exchange, error: unknown): void => {
    const failure = toGatewayError(error);
    exchange.errorCode = failure.code;
    exchange.log?.failed(failure);
    const { requestId } = exchange.context;
    if (failure.failureClass === 'internal') logger.error({ requestId, err: failure.cause ?? failure }, 'request failed');
    else if (failure.status >= 500) logger.warn({ requestId, code: failure.code, provider: failure.provider, message: failure.message }, 'request failed');
    try {
      sendError(exchange, failure);
    } catch (sendFailure) {
      logger.error({ requestId, err: sendFailure }, 'could not send an error response');
      exchange.res.destroy();
    }
  };

  /** Records a request's metrics once its response is over (streams at their end): HTTP, and the model call it made. */
  const record = (exchange: Exchange, template: string, operation: string | undefined, written: number): void => {
    const { req, res } = exchange;
    try {
      const length = exchange.headers['content-length'];
      metrics!.recordHttp({
        path: template,
        method: req.method ?? 'GET',
        status: res.statusCode,
        requestBytes: Number(rawHeader(req, 'content-length')) || 0,
        responseBytes: length !== undefined ? Number(length) : Math.max(0, (req.socket?.bytesWritten ?? written) - written),
        durationMs: performance.now() - exchange.context.startedAt,
        operation,
        errorCode: exchange.errorCode,
        context: exchange.context,
        header: (name) => rawHeader(req, name),
      });
    } catch (error) {
      logger.error({ err: error }, 'could not record metrics');
    }
  };

  /** Queues the request log's entry for a model call once its response is over. */
  const logRequest = (exchange: Exchange, template: string, operation: string): void => {
    try {
      requestLog!.write(toLogEntry(exchange, template, operation, requestLog!));
    } catch (error) {
      logger.error({ err: error }, 'could not record the request log entry');
    }
  };

  // Connections accepted whose first request has not arrived yet. A shutdown lets them bring it rather than
  // closing them as idle: a cluster hands a worker connections up to the moment it stops accepting.
  const fresh = new Set<Socket>();
  let freshGone: (() => void) | undefined;
  const server = createHttpServer({ keepAliveTimeout: 65_000, headersTimeout: 66_000, requestTimeout: 0 }, (req, res) => {
    if (fresh.delete(req.socket) && fresh.size === 0 && freshGone) freshGone();
    inFlight++;
    try {
      handle(req, res);
    } catch (error) {
      logger.error({ err: error }, 'unhandled error while answering a request');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end();
    }
  });
  server.on('connection', (socket: Socket) => {
    fresh.add(socket);
    socket.once('close', () => {
      if (fresh.delete(socket) && fresh.size === 0 && freshGone) freshGone();
    });
  });
  server.on('clientError', (error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy(error);
  });

  return {
    server,
    get inFlight() {
      return inFlight;
    },
    async shutdown(timeoutMs: number) {
      state.shuttingDown = true;
      server.close();
      // Fresh connections get a moment (at most 2 s) to send their request; then idle keep-alive ones are closed.
      if (fresh.size > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(timeoutMs, 2_000));
          freshGone = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        freshGone = undefined;
      }
      server.closeIdleConnections();
      let drained = inFlight === 0;
      if (!drained) {
        drained = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), timeoutMs);
          idle = () => {
            clearTimeout(timer);
            resolve(true);
          };
        });
      }
      server.closeAllConnections();
      untrack?.();
      return { drained };
    },
  };
}
