import { type OpenAIUpstream, startOpenAIUpstream } from '../fake-upstreams/openai-upstream.js';
import { type StartedGateway, startGateway } from './start-gateway.js';

/** A gateway in front of one fake OpenAI upstream, with the semantic cache on (exact and semantic, bag-of-words embeddings). */
export interface CachedGateway {
  upstream: OpenAIUpstream;
  served: StartedGateway;
  /** Chat requests the upstream received (embedding calls not counted). */
  chatCalls(): number;
  /** POSTs a chat request with `headers`; resolves to the response and its JSON body. */
  chat(body: Record<string, unknown>, headers?: Record<string, string>): Promise<{ response: Response; body: any }>;
}

/** The semantic cache's plugin entry, with `config` over the defaults used here. */
export function cachePlugin(config: Record<string, unknown> = {}) {
  return { name: 'semantic_cache', enabled: true, config: { provider: 'openai', embedding_model: 'bag-of-words', threshold: 0.8, ttl: '5m', ...config } };
}

/** Starts a gateway with the cache; `extra` is merged into its config (`vector_store`, ...). */
export async function startCachedGateway(options: { cache?: Record<string, unknown>; extra?: Record<string, unknown>; appDir?: string; upstream?: OpenAIUpstream } = {}): Promise<CachedGateway> {
  const upstream = options.upstream ?? (await startOpenAIUpstream());
  const served = await startGateway({
    config: {
      providers: { openai: { keys: [{ name: 'k1', value: 'sk-test', models: [], weight: 1 }], network_config: { base_url: upstream.url, max_retries: 0 } } },
      plugins: [cachePlugin(options.cache)],
      ...options.extra,
    },
    appDir: options.appDir,
  });
  return {
    upstream,
    served,
    chatCalls: () => upstream.requests.filter((request) => request.path.startsWith('/v1/chat/completions')).length,
    async chat(body, headers = {}) {
      const response = await fetch(`${served.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      const text = await response.text();
      return { response, body: response.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : text };
    },
  };
}

/** A chat request for `openai/gpt-4o-mini` asking `question`. */
export const ask = (question: string, extra: Record<string, unknown> = {}) => ({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: question }], ...extra });
