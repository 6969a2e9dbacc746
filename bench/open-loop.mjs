// Open-loop load at a fixed offered rate: request i is sent at start + i/rate whatever happened to
// the earlier ones, over a keep-alive undici pool. autocannon's `overallRate` is not used here
// because it sends each connection's per-second quota back to back at the start of every second,
// which measures bursts rather than a steady rate.
import { Pool } from 'undici';
import { CHAT_HEADERS, CHAT_PATH, isCompleteResponse, toChatRequestBody } from './chat-request.mjs';
import { LatencyRecorder } from './latency-recorder.mjs';
import { ResponseTally } from './response-tally.mjs';

const SCHEDULER_TICK_MS = 1;
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** A keep-alive pool to `url` with at most `connections` connections, reused across phases. */
export function createLoadPool(url, { connections, timeoutS }) {
  const timeoutMs = timeoutS * 1000;
  return new Pool(url, {
    connections,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connect: { timeout: timeoutMs },
  });
}

/** Offers `rate` req/s for `durationS` seconds, waits for the answers, returns the tally summary. */
export async function runOpenLoop(pool, { stream, rate, durationS, timeoutS }) {
  const tally = new ResponseTally();
  const schedulerLag = new LatencyRecorder();
  const body = toChatRequestBody(stream);
  const total = Math.max(1, Math.round(rate * durationS));
  const intervalMs = 1000 / rate;
  let sent = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let onIdle = () => {};

  async function send() {
    const sentAt = performance.now();
    try {
      const response = await pool.request({ path: CHAT_PATH, method: 'POST', headers: CHAT_HEADERS, body });
      const text = await response.body.text();
      tally.response(response.statusCode, performance.now() - sentAt, isCompleteResponse(text, stream));
    } catch (error) {
      tally.error(error.code ?? error.message, TIMEOUT_CODES.has(error.code));
    } finally {
      inFlight--;
      if (inFlight === 0) onIdle();
    }
  }

  const startedAt = performance.now();
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      const due = Math.min(total, Math.floor((now - startedAt) / intervalMs) + 1);
      for (; sent < due; sent++) {
        schedulerLag.record(now - (startedAt + sent * intervalMs));
        inFlight++;
        if (inFlight > maxInFlight) maxInFlight = inFlight;
        send();
      }
      if (sent === total) {
        clearInterval(timer);
        resolve();
      }
    }, SCHEDULER_TICK_MS);
  });
  const offeredS = (performance.now() - startedAt) / 1000;

  // Every request carries its own timeouts, so this ends; the extra second is only a backstop.
  const drained = new Promise((resolve) => { onIdle = resolve; if (inFlight === 0) resolve(); });
  let backstop;
  await Promise.race([drained, new Promise((resolve) => { backstop = setTimeout(resolve, (timeoutS + 1) * 1000); })]);
  clearTimeout(backstop);
  for (let i = 0; i < inFlight; i++) tally.error('unfinished', true);

  return {
    ...tally.summarize(offeredS),
    offeredRate: total / offeredS,
    maxInFlight,
    schedulerLagMs: schedulerLag.summarize(),
  };
}
