import { toOpenAIError } from '../errors/index.js';
import type { Gateway } from '../gateway.js';
import { anthropicRouteSet } from './anthropic/route-set.js';
import type { Exchange } from './exchange.js';
import { genaiRouteSet } from './genai/route-set.js';
import { azureDeploymentRoute } from './handle-azure-deployment.js';
import { answerChat, handleChat } from './handle-chat.js';
import { answerCompletions, handleCompletions } from './handle-completions.js';
import { answerEmbeddings, handleEmbeddings } from './handle-embeddings.js';
import { handleClearCache, handleClearCacheKey, handleClearRequest } from './handle-cache.js';
import { handleHealth } from './handle-health.js';
import { handleCreateGovernance, handleDeleteGovernance, handleGetGovernance, handleListGovernance, handleReplaceGovernance } from './handle-governance.js';
import { handleLogs, handleLogStats } from './handle-logs.js';
import { handleMetrics } from '../metrics/handle-metrics.js';
import { handleModels } from './handle-models.js';
import { handleResponses } from './handle-responses.js';
import { withOpenAIDirectKey } from './openai-direct-key.js';
import { Router, type RouteSet } from './router.js';

/**
 * A route's handler. It returns a promise whose rejection the server turns into an
 * error answer, or nothing when it reports its own failures through `exchange.fail`.
 */
/** What a server tells its handlers: whether it is shutting down, and (cluster mode) how `/metrics` gathers every worker's metrics. */
export interface ServerState {
  shuttingDown: boolean;
  readonly metricsExposition?: () => Promise<string>;
}

export type Handler = (gateway: Gateway, exchange: Exchange, state: ServerState) => Promise<void> | void;

const openaiPaths: ReadonlyArray<[string, Record<string, Handler>]> = [
  ['/chat/completions', { POST: withOpenAIDirectKey(handleChat) }],
  ['/completions', { POST: withOpenAIDirectKey(handleCompletions) }],
  ['/responses', { POST: withOpenAIDirectKey(handleResponses) }],
  ['/embeddings', { POST: withOpenAIDirectKey(handleEmbeddings) }],
  ['/models', { GET: handleModels }],
];

/**
 * Azure OpenAI's deployment paths (the deployment names the model). `{deployment*}`
 * may hold a slash (`openai/gpt-4o`, which `AzureOpenAI` puts in the path as it is);
 * `chat/completions` comes before `completions`, which would also match it.
 */
const azureDeploymentPaths: ReadonlyArray<[string, Record<string, Handler>]> = [
  ['/deployments/{deployment*}/chat/completions', { POST: withOpenAIDirectKey(azureDeploymentRoute(answerChat)) }],
  ['/deployments/{deployment*}/completions', { POST: withOpenAIDirectKey(azureDeploymentRoute(answerCompletions)) }],
  ['/deployments/{deployment*}/embeddings', { POST: withOpenAIDirectKey(azureDeploymentRoute(answerEmbeddings)) }],
];

/**
 * The OpenAI API surface: every path with `/v1` and, as the OpenAI SDKs allow,
 * without; plus Azure OpenAI's deployment paths, so that an `AzureOpenAI` client
 * whose endpoint is the gateway (it calls `{endpoint}/openai/deployments/...`) is served.
 */
export const openaiRouteSet: RouteSet = {
  name: 'openai',
  routes: [
    ...openaiPaths.flatMap(([path, methods]) => [
      { path: `/v1${path}`, methods },
      { path, methods },
    ]),
    ...azureDeploymentPaths.map(([path, methods]) => ({ path, methods })),
  ],
  errorBody: toOpenAIError,
};

const healthRouteSet: RouteSet = {
  name: 'health',
  routes: [
    { path: '/health', methods: { GET: (gateway, exchange, state) => handleHealth(gateway, exchange, state.shuttingDown) } },
    { path: '/metrics', methods: { GET: handleMetrics } },
    { path: '/api/logs', methods: { GET: handleLogs } },
    { path: '/api/logs/stats', methods: { GET: handleLogStats } },
    { path: '/api/cache/clear', methods: { DELETE: handleClearCache } },
    { path: '/api/cache/clear/{requestId}', methods: { DELETE: handleClearRequest } },
    { path: '/api/cache/clear-by-key/{cacheKey}', methods: { DELETE: handleClearCacheKey } },
    { path: '/api/governance/{kind}', methods: { GET: handleListGovernance, POST: handleCreateGovernance } },
    { path: '/api/governance/{kind}/{id}', methods: { GET: handleGetGovernance, PUT: handleReplaceGovernance, DELETE: handleDeleteGovernance } },
  ],
  errorBody: toOpenAIError,
};

/**
 * Where each API surface is served. The OpenAI surface is at the root and under
 * `/openai`; each vendor surface under its own prefix; and all three again under
 * `/litellm` and `/langchain`, for clients configured for those tools.
 */
export const router = new Router()
  .mount('', healthRouteSet)
  .mount('', openaiRouteSet)
  .mount('/openai', openaiRouteSet)
  .mount('/anthropic', anthropicRouteSet)
  .mount('/genai', genaiRouteSet)
  .mount('/litellm', openaiRouteSet)
  .mount('/litellm', anthropicRouteSet)
  .mount('/litellm/openai', openaiRouteSet)
  .mount('/litellm/anthropic', anthropicRouteSet)
  .mount('/litellm/genai', genaiRouteSet)
  .mount('/litellm/gemini', genaiRouteSet)
  .mount('/langchain', openaiRouteSet)
  .mount('/langchain/openai', openaiRouteSet)
  .mount('/langchain/anthropic', anthropicRouteSet)
  .mount('/langchain/genai', genaiRouteSet);
