// Scenario h (issue 7): the latency of cache hits through the gateway over HTTP, with 10,000 entries
// in the store. A fake OpenAI upstream (this file) answers chat and embeddings; embeddings are
// 1536-dimension word vectors, so a prompt with one word added is a paraphrase (similarity ~0.95).
// The gateway (dist/cli.js) runs the semantic_cache plugin with the embedded store. Measured:
// exact hits, semantic hits, misses (sequential, one keep-alive connection), and the embedding call
// alone (the fake answering it directly), so "semantic hit minus embedding call" is the cache's part.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startService, stopChild } from './child-processes.mjs';
import { formatNumber, formatTable } from './format-table.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const GATEWAY_CLI = path.join(BENCH_DIR, '..', 'dist', 'cli.js');
const DIMENSIONS = 1536;

/** A unit vector of the text's words (FNV-1a hashed into DIMENSIONS buckets). */
function wordVector(text) {
  const vector = new Float64Array(DIMENSIONS);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    let hash = 0x811c9dc5;
    for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 0x01000193) >>> 0;
    vector[hash % DIMENSIONS] += 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return Array.from(vector, (value) => value / norm);
}

const answer = JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: 'A cached answer of ordinary length, '.repeat(8) }, finish_reason: 'stop' }], usage: { prompt_tokens: 20, completion_tokens: 60, total_tokens: 80 } });

/** The fake upstream: chat answers at once; embeddings are word vectors. */
function startFakeUpstream() {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      let text = answer;
      if (req.url === '/v1/embeddings') {
        const request = JSON.parse(body);
        const inputs = Array.isArray(request.input) ? request.input : [request.input];
        text = JSON.stringify({ object: 'list', model: request.model, usage: { prompt_tokens: 8, total_tokens: 8 }, data: inputs.map((input, index) => ({ object: 'embedding', index, embedding: wordVector(String(input)) })) });
      }
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Prompt `i`: eight pseudo-words drawn from i (a seeded generator), so that two prompts share almost no word. */
function prompt(i) {
  let seed = (i + 1) * 0x9e3779b1;
  const next = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
  return Array.from({ length: 8 }, () => `w${next().toString(36)}`).join(' ');
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function post(url, body) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, cache: res.headers['x-switchyard-cache'], ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

/** Sends `count` requests one after another; resolves to p50/p99 and how many got `expected` in x-switchyard-cache. */
async function measure(url, count, body, expected) {
  const times = [];
  let matched = 0;
  for (let i = 0; i < count; i++) {
    const result = await post(url, body(i));
    if (result.status !== 200) throw new Error(`cache scenario: HTTP ${result.status}`);
    if (expected === undefined || result.cache === expected) matched++;
    times.push(result.ms);
  }
  times.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99), matched, count };
}

/** Runs scenario h; resolves to its report text. */
export async function runCacheScenario({ workDir, entries = 10_000, lookups = 1_000, log = () => {} }) {
  if (!fs.existsSync(GATEWAY_CLI)) throw new Error('dist/cli.js does not exist; run npm run build');
  const upstream = await startFakeUpstream();
  const upstreamUrl = `http://127.0.0.1:${upstream.address().port}`;
  const dir = fs.mkdtempSync(path.join(workDir, 'cache-'));
  const configFile = path.join(dir, 'gateway.json');
  fs.writeFileSync(configFile, JSON.stringify({
    providers: { openai: { keys: [{ name: 'bench', value: 'sk-bench', models: [], weight: 1 }], network_config: { base_url: upstreamUrl } } },
    plugins: [{ name: 'semantic_cache', enabled: true, config: { provider: 'openai', embedding_model: 'text-embedding-3-small', threshold: 0.8, ttl: '1h', max_entries: entries * 2 } }],
    logs_store: { enabled: false },
  }));
  const gateway = await startService('gateway', process.execPath, [GATEWAY_CLI, '--config', configFile, '--port', '0', '--app-dir', dir, '--workers', '1'], { logFile: path.join(dir, 'gateway.log') });
  try {
    const url = `${gateway.url}/v1/chat/completions`;
    const ask = (text) => ({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: text }] });
    log(`bench: h: filling the cache with ${entries} entries`);
    const fillStarted = Date.now();
    let next = 0;
    await Promise.all(Array.from({ length: 32 }, async () => {
      while (next < entries) await post(url, ask(prompt(next++)));
    }));
    const fillSeconds = (Date.now() - fillStarted) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // let the vector index finish building in the background
    log('bench: h: measuring hits');
    const pick = (i) => (i * 7919) % entries;
    const exact = await measure(url, lookups, (i) => ask(prompt(pick(i))), 'hit-exact');
    const semantic = await measure(url, lookups, (i) => ask(`${prompt(pick(i))} briefly`), 'hit-semantic');
    const miss = await measure(url, Math.min(lookups, 300), (i) => ask(prompt(entries + 1_000_000 + i)), 'miss');
    const embedding = await measure(`${upstreamUrl}/v1/embeddings`, lookups, (i) => ({ model: 'text-embedding-3-small', input: `user: ${prompt(pick(i))} briefly` }), undefined);
    const row = (name, result, target) => [name, formatNumber(result.p50, 3), formatNumber(result.p99, 3), `${result.matched}/${result.count}`, target];
    const semanticOwn = semantic.p50 - embedding.p50;
    return [
      `(h) Cache hits through the gateway, ${entries.toLocaleString('en-US')} entries (1536-dim vectors, one partition), filled in ${fillSeconds.toFixed(1)} s; sequential requests, one connection`,
      formatTable(['lookup', 'p50 ms', 'p99 ms', 'as expected', 'target'], [
        row('exact hit', exact, `${exact.p50 < 1 ? 'PASS' : 'FAIL'} p50 < 1 ms`),
        row('semantic hit', semantic, `${semanticOwn < 5 ? 'PASS' : 'FAIL'} p50 < 5 ms + embedding (${formatNumber(semanticOwn, 3)} ms without it)`),
        row('miss (provider called)', miss, ''),
        row('embedding call alone', embedding, ''),
      ]),
    ].join('\n');
  } finally {
    await stopChild(gateway.child);
    await new Promise((resolve) => upstream.close(resolve));
    agent.destroy();
  }
}
