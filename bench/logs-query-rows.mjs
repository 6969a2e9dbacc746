// Synthetic request-log entries for bench/logs-query.mjs and bench/logs-query-postgres.mjs: the same
// generator and seed, so both stores hold the same rows and their tables compare.

export const hour = 3_600_000;
export const day = 24 * hour;
/** The rows span the 30 days before `end`. */
export const end = Date.UTC(2025, 5, 1);
export const span = 30 * day;

/** A seeded generator (mulberry32), so every run fills the same rows. */
export function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const next = random(42);

/** One of `weighted`'s values ([value, weight] pairs), in proportion to the weights. */
export const pick = (weighted) => {
  let r = next() * weighted.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [value, weight] of weighted) if ((r -= weight) < 0) return value;
  return weighted[weighted.length - 1][0];
};
/** A log-normal sample (Box-Muller) around `median`. */
export const logNormal = (median, sigma) => median * Math.exp(sigma * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()));

/** [provider, model, USD per token] and the share of traffic each gets. */
export const targets = [
  [['openai', 'gpt-4o-mini', 0.00000015], 30], [['openai', 'gpt-4o', 0.0000025], 15], [['openai', 'text-embedding-3-small', 0.00000002], 5],
  [['anthropic', 'claude-sonnet-4', 0.000003], 15], [['anthropic', 'claude-haiku-3.5', 0.0000008], 10],
  [['groq', 'llama-3.3-70b', 0.0000006], 10], [['bedrock', 'nova-pro', 0.0000008], 8], [['gemini', 'gemini-2.0-flash', 0.0000001], 7],
];
export const errors = [[null, 96], ['rate_limited', 2], ['upstream_error', 1.5], ['timeout', 0.5]];
export const words = 'the a of to and in is for on with that this model answer question data request token stream cache route provider latency summary report customer invoice order shipping weather paris london berlin tokyo python typescript function error retry budget'.split(' ');
/** `length` characters of random words. */
export const text = (length) => {
  let out = '';
  while (out.length < length) out += `${words[Math.floor(next() * words.length)]} `;
  return out.slice(0, length);
};

/** Synthetic entry `i` of `total`, spread evenly over the 30 days before `end` (~200 bytes of request content). */
export function entry(i, total) {
  const [provider, model, price] = pick(targets);
  const errorCode = pick(errors);
  const stream = next() < 0.4;
  const promptTokens = errorCode ? null : Math.round(logNormal(400, 1));
  const completionTokens = errorCode ? null : Math.round(logNormal(150, 1));
  const latencyMs = errorCode === 'timeout' ? 30_000 : logNormal(800, 0.8);
  return {
    timestamp: end - span + Math.floor((i / total) * span),
    requestId: `req_${i.toString(36)}_${Math.floor(next() * 1e9).toString(36)}`,
    method: 'POST', route: model.startsWith('text-embedding') ? '/v1/embeddings' : '/v1/chat/completions',
    operation: model.startsWith('text-embedding') ? 'embed' : stream ? 'chat-stream' : 'chat',
    provider, model, keyName: `key-${Math.floor(next() * 4)}`, virtualKey: next() < 0.5 ? `vk-team-${Math.floor(next() * 20)}` : null,
    status: errorCode === 'rate_limited' ? 429 : errorCode === 'timeout' ? 504 : errorCode ? 502 : 200,
    errorCode, errorMessage: errorCode ? `upstream said ${errorCode}` : null,
    latencyMs, ttftMs: stream ? latencyMs * 0.2 : null, upstreamMs: latencyMs * 0.95,
    promptTokens, completionTokens, totalTokens: errorCode ? null : promptTokens + completionTokens,
    costUsd: errorCode ? null : (promptTokens + completionTokens) * price,
    cacheStatus: pick([[null, 70], ['miss', 20], ['hit-exact', 10]]), attempts: errorCode ? 3 : 1, fallbackIndex: 0, stream,
    requestContent: `{"model":"${model}","messages":[{"role":"user","content":"${text(120)}"}]}`,
    responseContent: errorCode ? null : text(80 + Math.floor(next() * 60)),
  };
}

const newest = { sort: 'timestamp', order: 'desc', limit: 50, offset: 0 };
const lastDay = { from: end - day, to: end };

/** The query and stats cases both stores are timed on (the same names in both reports). */
export function queryCases(store) {
  return [
    ['newest page (limit 50, total)', () => store.query(newest)],
    ['newest page, offset 5000', () => store.query({ ...newest, offset: 5000 })],
    ['provider+model+day range page', () => store.query({ ...newest, provider: ['anthropic'], model: ['claude-sonnet-4'], from: end - 3 * day, to: end - 2 * day })],
    ['errors only page', () => store.query({ ...newest, outcome: 'error' })],
    ['slowest first (latency desc)', () => store.query({ ...newest, sort: 'latency' })],
    ['most expensive first (cost desc)', () => store.query({ ...newest, sort: 'cost' })],
    ['content search "invoice paris"', () => store.query({ ...newest, search: 'invoice paris' })],
    ['content search "tokyo" in last day', () => store.query({ ...newest, search: 'tokyo', ...lastDay })],
    ['content search "zzq" (no match)', () => store.query({ ...newest, search: 'zzq' })],
    ['content search "pa" (2 chars: never indexed)', () => store.query({ ...newest, search: 'pa' })],
    ['stats, all rows', () => store.stats({})],
    ['stats, last day', () => store.stats(lastDay)],
    ['stats, one provider, last day', () => store.stats({ ...lastDay, provider: ['openai'] })],
  ];
}
