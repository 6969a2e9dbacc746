// Times the embedded cache store (issue 7) at its worst case: 10,000 entries in ONE semantic
// partition, 1536-dimension unit vectors, ~1 KB responses. Reports the fill, p50/p99 of exact and
// semantic lookups (hits and misses; the embedding call is not included), and a restart (reopen).
//   npx tsx bench/cache-lookup.mjs [--entries 10000] [--dimensions 1536] [--lookups 2000]
//   node bench/cache-lookup.mjs            (from dist/: `npm run build` first)
// Works in a temporary directory that it removes at the end.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatNumber, formatTable } from './format-table.mjs';

const { values: flags } = parseArgs({
  options: {
    entries: { type: 'string', default: '10000' },
    dimensions: { type: 'string', default: '1536' },
    lookups: { type: 'string', default: '2000' },
  },
});
const entries = Number(flags.entries);
const dimensions = Number(flags.dimensions);
const lookups = Number(flags.lookups);
const threshold = 0.8;

const underTsx = process.execArgv.some((arg) => arg.includes('tsx'));
const dist = new URL('../dist/cache/embedded/embedded-cache-store.js', import.meta.url);
const { openEmbeddedCacheStore } = await import(underTsx || !existsSync(dist) ? '../src/cache/embedded/embedded-cache-store.js' : dist.href);
const logger = { debug() {}, info() {}, warn: console.warn, error: console.error, fatal: console.error };

// Seeded, so that runs compare.
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
function normalize(vector) {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const norm = Math.sqrt(sum);
  return vector.map((value) => value / norm);
}
const randomVector = () => normalize(Float32Array.from({ length: dimensions }, random));
/** `base` plus noise of relative size `noise` (0.5 puts the cosine near 0.9). */
function near(base, noise) {
  const scale = noise / Math.sqrt(dimensions / 3);
  return normalize(base.map((value) => value + random() * scale));
}

// Realistic-ish embeddings: prompts cluster around topics (200 of them).
const topics = Array.from({ length: 200 }, randomVector);
const vectors = Array.from({ length: entries }, (_, i) => near(topics[i % topics.length], 1.2));
const text = 'The quick brown fox jumps over the lazy dog. '.repeat(18);
const entryAt = (i, now) => ({
  id: `id-${i}`,
  key: `exact-key-${i.toString(16).padStart(64, '0')}`,
  partition: 'one-partition',
  cacheKey: null,
  requestId: `request-${i}`,
  provider: 'openai',
  model: 'gpt-4o-mini',
  response: {
    id: `chatcmpl-${i}`, object: 'chat.completion', created: 1_700_000_000, model: 'gpt-4o-mini', system_fingerprint: 'fp_bench',
    choices: [{ index: 0, message: { role: 'assistant', content: `${i}: ${text}` }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: 24, completion_tokens: 180, total_tokens: 204 },
  },
  embedding: vectors[i],
  createdAt: now,
  expiresAt: now + 3_600_000,
});

function percentiles(samples) {
  const sorted = Float64Array.from(samples).sort();
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return [at(0.5), at(0.99)];
}
async function time(count, lookup) {
  const samples = [];
  let good = 0;
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    const result = await lookup(i);
    samples.push(performance.now() - start);
    if (result) good++;
  }
  return { samples, good };
}

const directory = mkdtempSync(join(tmpdir(), 'switchyard-cache-bench-'));
process.on('SIGINT', () => {
  rmSync(directory, { recursive: true, force: true });
  process.exit(130);
});
const path = join(directory, 'cache.db');
try {
  const now = Date.now();
  let store = await openEmbeddedCacheStore({ path, maxEntries: entries * 2, logger });
  let start = performance.now();
  for (let i = 0; i < entries; i++) await store.put(entryAt(i, now));
  const fillMs = performance.now() - start;
  start = performance.now();
  store.flush();
  const flushMs = performance.now() - start;
  start = performance.now();
  store.finishIndexing();
  const indexMs = performance.now() - start;

  const rows = [];
  const measure = async (name, count, lookup, expectFound) => {
    const { samples, good } = await time(count, lookup);
    const [p50, p99] = percentiles(samples);
    rows.push([name, formatNumber(p50, 3), formatNumber(p99, 3), `${good}/${count}${expectFound ? ' found' : ' found (want 0)'}`]);
  };
  const lookupsOf = async (label) => {
    await measure(`getExact hit${label}`, lookups, (i) => store.getExact(entryAt(i % entries, now).key, Date.now()), true);
    await measure(`getExact miss${label}`, lookups, (i) => store.getExact(`absent-${i}`, Date.now()), false);
    let right = 0;
    await measure(`findSimilar hit${label}`, lookups, async (i) => {
      const target = (i * 7919) % entries;
      const match = await store.findSimilar('one-partition', near(vectors[target], 0.5), threshold, Date.now());
      if (match?.entry.id === `id-${target}`) right++;
      return match;
    }, true);
    rows[rows.length - 1][3] += `, ${right} the intended entry`;
    const misses = Array.from({ length: lookups }, randomVector);
    await measure(`findSimilar miss${label}`, lookups, (i) => store.findSimilar('one-partition', misses[i], threshold, Date.now()), false);
  };
  await lookupsOf('');
  await store.close();
  const fileMb = statSync(path).size / 1_048_576;

  start = performance.now();
  store = await openEmbeddedCacheStore({ path, maxEntries: entries * 2, logger });
  const reopenMs = performance.now() - start;
  const reopened = await store.size();
  await measure('findSimilar hit, reopened, index building', 50, (i) => store.findSimilar('one-partition', near(vectors[(i * 7919) % entries], 0.5), threshold, Date.now()), true);
  start = performance.now();
  store.finishIndexing();
  const reindexMs = performance.now() - start;
  await lookupsOf(', after reopen');
  await store.close();

  console.log(`Embedded cache store: ${formatNumber(entries)} entries in one partition, ${dimensions} dimensions, threshold ${threshold}\n`);
  console.log(formatTable(['lookup', 'p50 ms', 'p99 ms', 'result'], rows));
  console.log('');
  console.log(formatTable(['step', 'ms'], [
    [`fill: ${formatNumber(entries)} puts (memory, index building deferred)`, formatNumber(fillMs, 0)],
    ['fill: write the batch to SQLite', formatNumber(flushMs, 0)],
    ['fill: build the HNSW index (background work, run at once here)', formatNumber(indexMs, 0)],
    [`reopen: load ${formatNumber(reopened)} entries (serving exact, semantic by exact search)`, formatNumber(reopenMs, 0)],
    ['reopen: rebuild the HNSW index (background work, run at once here)', formatNumber(reindexMs, 0)],
  ]));
  console.log(`\nSQLite file: ${formatNumber(fileMb, 1)} MB; heap used ${formatNumber(process.memoryUsage().heapUsed / 1_048_576, 0)} MB, rss ${formatNumber(process.memoryUsage().rss / 1_048_576, 0)} MB`);
} finally {
  rmSync(directory, { recursive: true, force: true });
}
