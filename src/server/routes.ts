import type { Gateway } from '../gateway.js';
import type { Exchange } from './exchange.js';
import { handleChat } from './handle-chat.js';
import { handleCompletions } from './handle-completions.js';
import { handleEmbeddings } from './handle-embeddings.js';
import { handleHealth } from './handle-health.js';
import { handleModels } from './handle-models.js';
import { handleResponses } from './handle-responses.js';

/**
 * A route's handler. It returns a promise whose rejection the server turns into an
 * error answer, or nothing when it reports its own failures through `exchange.fail`.
 */
export type Handler = (gateway: Gateway, exchange: Exchange, state: { shuttingDown: boolean }) => Promise<void> | void;

/** Every route the server answers, by exact path and method. */
export const routes: ReadonlyMap<string, Readonly<Record<string, Handler>>> = new Map<string, Record<string, Handler>>([
  ['/v1/chat/completions', { POST: handleChat }],
  ['/v1/completions', { POST: handleCompletions }],
  ['/v1/responses', { POST: handleResponses }],
  ['/v1/embeddings', { POST: handleEmbeddings }],
  ['/v1/models', { GET: handleModels }],
  ['/health', { GET: (gateway, exchange, state) => handleHealth(gateway, exchange, state.shuttingDown) }],
]);
