// Times the PostgreSQL request-log store on 1,000,000 synthetic rows (issue 6):
//   npx tsx bench/logs-query-postgres.mjs [--rows 1000000] [--url postgres://postgres@127.0.0.1:5432/test]
// Works in a scratch schema `sy_bench_<random>` that it drops at the end. Imports the store from dist/
// when built, else from src/ (run through tsx).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values: flags } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    batch: { type: 'string', default: '5000' },
    repeat: { type: 'string', default: '5' },
  },
});

const dist = new URL('../dist/logs/postgres/postgres-log-store.js', import.meta.url);
const { openPostgresLogStore } = await import(existsSync(dist) ? dist.href : '../src/logs/postgres/postgres-log-store.js');

const hour = 3_600_000;
const day = 24 * hour;

/** A seeded generator (mulberry32), so every run fills the same rows. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const next = random(42);
const pick = (weighted) => {
  let r = next() * weighted.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [value, weight] of weighted) if ((r -= weight) < 0) return value;
  return weighted[weighted.length - 1][0];
};
const logNormal = (median, sigma) => median * Math.exp(sigma * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()));

const targets = [
  [['openai', 'gpt-4o-mini', 0.00000015], 30], [['openai', 'gpt-4o', 0.0000025], 15], [['openai', 'text-embedding-3-small', 0.00000002], 5],
  [['anthropic', 'claude-sonnet-4', 0.000003], 15], [['anthropic', 'claude-haiku-3.5', 0.0000008], 10],
  [['groq', 'llama-3.3-70b', 0.0000006], 10], [['bedrock', 'nova-pro', 0.0000008], 8], [['gemini', 'gemini-2.0-flash', 0.0000001], 7],
];
const errors = [[null, 96], ['rate_limited', 2], ['upstream_error', 1.5], ['timeout', 0.5]];
const words = 'the a of to and in is for on with that this model answer question data request token stream cache route provider latency summary report customer invoice order shipping weather paris london berlin tokyo python typescript function error retry budget'.split(' ');
const text = (length) => {
  let out = '';
  while (out.length < length) out += `${words[Math.floor(next() * words.length)]} `;
  return out.slice(0, length);
};

const rows = Number(flags.rows);
const end = Date.UTC(2025, 5, 1);
const span = 30 * day;
function entry(i) {
  const [provider, model, price] = pick(targets);
  const errorCode = pick(errors);
  const stream = next() < 0.4;
  const promptTokens = errorCode ? null : Math.round(logNormal(400, 1));
  const completionTokens = errorCode ? null : Math.round(logNormal(150, 1));
  const latencyMs = errorCode === 'timeout' ? 30_000 : logNormal(800, 0.8);
  return {
    timestamp: end - span + Math.floor((i / rows) * span),
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

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
async function time(name, run) {
  const times = [];
  let result;
  for (let i = 0; i < Number(flags.repeat); i++) {
    const began = performance.now();
    result = await run();
    times.push(performance.now() - began);
  }
  return { name, first: times[0], median: median(times), result };
}

/** Fills a store, times the queries of GET /api/logs and /api/logs/stats; returns table rows. */
export async function benchPostgresLogStore() {
  const schema = `sy_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: flags.url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const cleanUp = async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  };
  process.once('SIGINT', () => cleanUp().finally(() => process.exit(130)));
  const store = await openPostgresLogStore({ connection_string: flags.url, options: `-c search_path=${schema},public`, statement_timeout_ms: 120_000 });
  try {
    const report = [];
    const batch = Number(flags.batch);
    await store.insert([]);
    let began = performance.now();
    for (let i = 0; i < rows; i += batch) {
      await store.insert(Array.from({ length: Math.min(batch, rows - i) }, (_, j) => entry(i + j)));
      if ((i / batch) % 40 === 0) process.stderr.write(`\r${i} rows`);
    }
    const fillSeconds = (performance.now() - began) / 1000;
    process.stderr.write(`\r${rows} rows in ${fillSeconds.toFixed(1)} s\n`);
    report.push({ name: `insert ${rows} rows, batches of ${batch} (all indexes)`, rowsPerSecond: Math.round(rows / fillSeconds) });

    began = performance.now();
    await admin.query(`VACUUM ANALYZE ${schema}.logs`);
    report.push({ name: 'VACUUM ANALYZE (autovacuum does this in production)', ms: performance.now() - began });

    const newest = { sort: 'timestamp', order: 'desc', limit: 50, offset: 0 };
    const lastDay = { from: end - day, to: end };
    const cases = [
      ['newest page (limit 50, total)', () => store.query(newest)],
      ['newest page, offset 5000', () => store.query({ ...newest, offset: 5000 })],
      ['provider+model+day range page', () => store.query({ ...newest, provider: ['anthropic'], model: ['claude-sonnet-4'], from: end - 3 * day, to: end - 2 * day })],
      ['errors only page', () => store.query({ ...newest, outcome: 'error' })],
      ['slowest first (latency desc)', () => store.query({ ...newest, sort: 'latency' })],
      ['most expensive first (cost desc)', () => store.query({ ...newest, sort: 'cost' })],
      ['content search "invoice paris" (trigram)', () => store.query({ ...newest, search: 'invoice paris' })],
      ['content search "tokyo" in last day', () => store.query({ ...newest, search: 'tokyo', ...lastDay })],
      ['content search "zzq" (no match)', () => store.query({ ...newest, search: 'zzq' })],
      ['content search "pa" (2 chars, no index)', () => store.query({ ...newest, search: 'pa' })],
      ['stats, all rows', () => store.stats({})],
      ['stats, last day', () => store.stats(lastDay)],
      ['stats, one provider, last day', () => store.stats({ ...lastDay, provider: ['openai'] })],
    ];
    for (const [name, run] of cases) {
      const { first, median: ms, result } = await time(name, run);
      report.push({ name, first, ms, matched: result.total ?? result.requests });
      process.stderr.write(`${name}: ${ms.toFixed(1)} ms\n`);
    }

    // Insert cost of the trigram indexes, at the log writer's default batch (500) and at 5000.
    const sample = Math.min(50_000, rows);
    let offset = rows;
    for (const withTrigram of [true, false]) {
      if (!withTrigram) {
        await admin.query(`DROP INDEX ${schema}.logs_request_content_trgm_idx, ${schema}.logs_response_content_trgm_idx`);
      }
      for (const size of [500, 5000]) {
        began = performance.now();
        for (let i = 0; i < sample; i += size) await store.insert(Array.from({ length: Math.min(size, sample - i) }, (_, j) => entry(offset + i + j)));
        offset += sample;
        const seconds = (performance.now() - began) / 1000;
        report.push({ name: `insert ${sample} rows in batches of ${size}, ${withTrigram ? 'with' : 'without'} trigram indexes`, rowsPerSecond: Math.round(sample / seconds) });
      }
    }
    const size = await admin.query(`SELECT pg_size_pretty(pg_total_relation_size('${schema}.logs')) AS total, pg_size_pretty(pg_relation_size('${schema}.logs')) AS heap`);
    report.push({ name: `table size: ${size.rows[0].total} (heap ${size.rows[0].heap})` });
    return report;
  } finally {
    await store.close();
    await cleanUp();
  }
}

const format = (row) =>
  `| ${row.name} | ${row.ms === undefined ? '' : row.ms.toFixed(1)} | ${row.first === undefined ? '' : row.first.toFixed(1)} | ${row.matched ?? ''} | ${row.rowsPerSecond ?? ''} |`;
const report = await benchPostgresLogStore();
console.log(`\nPostgreSQL log store, ${rows} rows (median of ${flags.repeat} runs)\n`);
console.log('| case | median ms | first ms | matched | rows/s |\n|---|---|---|---|---|');
for (const row of report) console.log(format(row));
