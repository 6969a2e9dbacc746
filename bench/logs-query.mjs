// Times a request-log store on 1,000,000 synthetic rows (issue 6): fill rate, the pages of
// GET /api/logs, content search, GET /api/logs/stats, prune.
//   node bench/logs-query.mjs --store sqlite [--rows 1000000] [--batch 5000] [--repeat 5]
//   node bench/logs-query.mjs --store postgres [...]   (runs bench/logs-query-postgres.mjs)
// Imports the store from src/ when run with `npx tsx`, else from dist/ (`npm run build` first).
// The SQLite run works in a temporary directory that it removes at the end, Ctrl-C included.
// The rows come from bench/logs-query-rows.mjs, as the PostgreSQL script's, so the tables compare.
// --content-search-index opens the store with its trigram content-search index.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { day, end, entry as syntheticEntry, queryCases, span } from './logs-query-rows.mjs';

const { values: flags } = parseArgs({
  options: {
    store: { type: 'string', default: 'sqlite' },
    rows: { type: 'string', default: '1000000' },
    batch: { type: 'string', default: '5000' },
    repeat: { type: 'string', default: '5' },
    url: { type: 'string' },
    'content-search-index': { type: 'boolean', default: false },
  },
});

const rows = Number(flags.rows);
/** Run through tsx: the source is current, dist/ may be stale. */
const underTsx = process.execArgv.some((arg) => arg.includes('tsx'));
const entry = (i, total = rows) => syntheticEntry(i, total);

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
  return import(underTsx || !existsSync(dist) ? '../src/logs/sqlite/sqlite-log-store.js' : dist.href);
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
  const contentSearchIndex = flags['content-search-index'];
  const store = await openSqliteLogStore({ path, contentSearchIndex });
  try {
    const report = [];
    const batch = Number(flags.batch);
    const rowsPerSecond = await fill(store, 0, rows, batch, rows);
    process.stderr.write(`\r${rows} rows at ${rowsPerSecond} rows/s\n`);
    report.push({ name: `insert ${rows} rows, batches of ${batch} ${contentSearchIndex ? 'with' : 'without'} the content-search index, entries built in the loop`, rowsPerSecond });

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

    // Prune of the oldest day (about rows / 30), chunk by chunk, content and search-index deletes included.
    const began = performance.now();
    const pruned = await store.prune(end - span + day);
    report.push({ name: 'prune the oldest day (chunks of 5000 rows)', ms: performance.now() - began, matched: pruned });

    // Insert cost at the log writer's default batch (500) and at 5000, the entries built beforehand so
    // that only the store is timed (toRow, the transfer to the worker, the SQLite transaction).
    const sample = Math.min(50_000, rows);
    let offset = rows;
    for (const size of [500, 5000]) {
      const entries = Array.from({ length: sample }, (_, i) => entry(offset + i, rows));
      offset += sample;
      const began = performance.now();
      for (let i = 0; i < sample; i += size) await store.insert(entries.slice(i, i + size));
      const seconds = (performance.now() - began) / 1000;
      report.push({ name: `insert ${sample} prepared rows in batches of ${size} (${((seconds * 1e6) / sample).toFixed(1)} µs/row)`, rowsPerSecond: Math.round(sample / seconds) });
    }

    const bytes = statSync(path).size + (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);
    report.push({ name: `database file: ${(bytes / 2 ** 20).toFixed(0)} MiB` });
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
  printReport(`SQLite log store, ${rows} rows, ${flags['content-search-index'] ? 'with' : 'without'} the content-search index (median of ${flags.repeat} runs)`, report);
} else {
  console.error(`--store must be sqlite or postgres, not ${flags.store}`);
  process.exit(2);
}
