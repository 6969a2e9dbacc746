// Open-loop load at a fixed offered rate: request i is sent at start + i/rate whatever happened to
// the earlier ones, over keep-alive connections. autocannon's `overallRate` is not used here
// because it sends each connection's per-second quota back to back at the start of every second,
// which measures bursts rather than a steady rate.
import { CHAT_HEADERS, CHAT_PATH, isCompleteResponse, readRoute, toChatRequestBody } from './chat-request.mjs';
import { LatencyRecorder } from './latency-recorder.mjs';
import { ResponseTally } from './response-tally.mjs';

const SCHEDULER_TICK_MS = 1;
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Offers `rate` req/s for `durationS` seconds through `pool` (a ConnectionPool), waits for the
 * answers, and returns the tally summary plus the achieved rate and the scheduler's own lag. With
 * `routed`, it also counts which provider served each request and the attempts it took (scenario g).
 */
export async function runOpenLoop(pool, { stream, model, routed = false, rate, durationS, timeoutS }) {
  const tally = new ResponseTally();
  const schedulerLag = new LatencyRecorder();
  const request = { path: CHAT_PATH, method: 'POST', headers: CHAT_HEADERS, body: toChatRequestBody(stream, model) };
  const total = Math.max(1, Math.round(rate * durationS));
  const intervalMs = 1000 / rate;
  let sent = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let onIdle = () => {};

  function send() {
    const sentAt = performance.now();
    pool.send(request, (error, statusCode, text, headers) => {
      if (error) tally.error(error.code ?? error.message, TIMEOUT_CODES.has(error.code));
      else tally.response(statusCode, performance.now() - sentAt, isCompleteResponse(text, stream), routed ? readRoute(headers) : undefined);
      inFlight--;
      if (inFlight === 0) onIdle();
    });
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
