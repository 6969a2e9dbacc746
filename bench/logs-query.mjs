// Times a request-log store on 1,000,000 synthetic rows (issue 6): fill rate, the pages of
// GET /api/logs, content search, GET /api/logs/stats, prune.
//   node bench/logs-query.mjs --store sqlite [--rows 1000000] [--batch 5000] [--repeat 5]
//   node bench/logs-query.mjs --store postgres [...]   (runs bench/logs-query-postgres.mjs)
// Imports the store from dist/ when built (`npm run build`), else from src/ (run it with `npx tsx`).
// The SQLite run works in a temporary directory that it removes at the end, Ctrl-C included.
// The rows are the same as the PostgreSQL script's (same generator, same seed), so the tables compare.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';

const { values: flags } = parseArgs({
  options: {
    store: { type: 'string', default: 'sqlite' },
    rows: { type: 'string', default: '1000000' },
    batch: { type: 'string', default: '5000' },
    repeat: { type: 'string', default: '5' },
    url: { type: 'string' },
  },
});

const hour = 3_600_000;
const day = 24 * hour;
const rows = Number(flags.rows);
const end = Date.UTC(2025, 5, 1);
const span = 30 * day;

// ---- synthetic rows: the distributions of bench/logs-query-postgres.mjs, seed 42 ----

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

/** Synthetic entry `i` of `total`, spread evenly over the 30 days before `end`. */
function entry(i, total = rows) {
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

// ---- timing and the report ----

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
async function time(run) {
  const times = [];
  let result;
  for (let i = 0; i < Number(flags.repeat); i++) {
    const began = performance.now();
    result = await run();
    times.push(performance.now() - began);
  }
  return { first: times[0], ms: median(times), result };
}

const newest = { sort: 'timestamp', order: 'desc', limit: 50, offset: 0 };
const lastDay = { from: end - day, to: end };

/** The cases both stores time; names match bench/logs-query-postgres.mjs. */
function queryCases(store) {
  return [
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
}

const format = (row) =>
  `| ${row.name} | ${row.ms === undefined ? '' : row.ms.toFixed(1)} | ${row.first === undefined ? '' : row.first.toFixed(1)} | ${row.matched ?? ''} | ${row.rowsPerSecond ?? ''} |`;

function printReport(title, report) {
  console.log(`\n${title}\n`);
  console.log('| case | median ms | first ms | matched | rows/s |\n|---|---|---|---|---|');
  for (const row of report) console.log(format(row));
}

// ---- SQLite ----

async function importSqliteStore() {
  const dist = new URL('../dist/logs/sqlite/sqlite-log-store.js', import.meta.url);
  return import(existsSync(dist) ? dist.href : '../src/logs/sqlite/sqlite-log-store.js');
}

/** Inserts `count` synthetic rows numbered from `first`, in batches of `size`; resolves to rows per second. */
async function fill(store, first, count, size, total) {
  const began = performance.now();
  for (let i = 0; i < count; i += size) {
    await store.insert(Array.from({ length: Math.min(size, count - i) }, (_, j) => entry(first + i + j, total)));
    if (count >= 100_000 && (i / size) % 40 === 0) process.stderr.write(`\r${i} rows`);
  }
  return Math.round(count / ((performance.now() - began) / 1000));
}

/** Fills a SQLite store in a temporary directory and times it; returns table rows. */
async function benchSqliteLogStore() {
  const { openSqliteLogStore } = await importSqliteStore();
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-logs-bench-'));
  const path = join(dir, 'logs.db');
  const cleanUp = () => rmSync(dir, { recursive: true, force: true });
  process.once('SIGINT', () => {
    cleanUp();
    process.exit(130);
  });
  const store = await openSqliteLogStore({ path });
  try {
    const report = [];
    const batch = Number(flags.batch);
    const rowsPerSecond = await fill(store, 0, rows, batch, rows);
    process.stderr.write(`\r${rows} rows at ${rowsPerSecond} rows/s\n`);
    report.push({ name: `insert ${rows} rows, batches of ${batch} (all indexes + FTS), through the worker`, rowsPerSecond });

    // The main thread only waits while the worker queries: its event loop should stay free.
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    for (const [name, run] of queryCases(store)) {
      const { first, ms, result } = await time(run);
      report.push({ name, first, ms, matched: result.total ?? result.requests });
      process.stderr.write(`${name}: ${ms.toFixed(1)} ms\n`);
    }
    loop.disable();
    report.push({ name: `main-thread event loop delay during the queries: p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms` });

    // Prune of the oldest day (about rows / 30), chunk by chunk, FTS deletes included.
    const began = performance.now();
    const pruned = await store.prune(end - span + day);
    report.push({ name: 'prune the oldest day (chunks of 5000 rows)', ms: performance.now() - began, matched: pruned });

    // Insert cost of the trigram index: the log writer's default batch (500) and 5000, with and
    // without the FTS triggers (dropped through a second connection for the second half).
    const sample = Math.min(50_000, rows);
    let offset = rows;
    for (const withSearch of [true, false]) {
      if (!withSearch) {
        const other = new Database(path);
        other.exec('DROP TRIGGER logs_content_search_insert; DROP TRIGGER logs_content_search_delete; DROP TRIGGER logs_content_search_update');
        other.close();
      }
      for (const size of [500, 5000]) {
        const rate = await fill(store, offset, sample, size, rows);
        offset += sample;
        report.push({ name: `insert ${sample} rows in batches of ${size}, ${withSearch ? 'with' : 'without'} the FTS index`, rowsPerSecond: rate });
      }
    }

    const bytes = statSync(path).size + (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);
    report.push({ name: `database file: ${(bytes / 2 ** 20).toFixed(0)} MiB (table, indexes, FTS)` });
    return report;
  } finally {
    await store.close();
    cleanUp();
  }
}

if (flags.store === 'postgres') {
  const args = process.argv.slice(2).filter((arg, i, all) => arg !== '--store' && all[i - 1] !== '--store' && !arg.startsWith('--store='));
  const child = spawn(process.execPath, [...process.execArgv, new URL('./logs-query-postgres.mjs', import.meta.url).pathname, ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
} else if (flags.store === 'sqlite') {
  const report = await benchSqliteLogStore();
  printReport(`SQLite log store, ${rows} rows (median of ${flags.repeat} runs)`, report);
} else {
  console.error(`--store must be sqlite or postgres, not ${flags.store}`);
  process.exit(2);
}
