// Closed-loop load at saturation with autocannon: `connections` clients, each sending its next
// request as soon as the previous response ends.
import autocannon from 'autocannon';
import { CHAT_HEADERS, CHAT_PATH, isCompleteResponse, toChatRequestBody } from './chat-request.mjs';
import { ResponseTally } from './response-tally.mjs';

/** Runs one saturation phase against `url` (an origin) and returns the tally summary. */
export async function runSaturation({ url, stream, model, connections, durationS, timeoutS }) {
  const tally = new ResponseTally();
  // autocannon reports a response (status, time) and then, synchronously on the same client,
  // hands its body to verifyBody; the pair is joined here to judge each response once.
  let pending = null;
  const instance = autocannon({
    url: new URL(CHAT_PATH, url).href,
    method: 'POST',
    headers: CHAT_HEADERS,
    body: toChatRequestBody(stream, model),
    connections,
    duration: durationS,
    timeout: timeoutS,
    verifyBody(body) {
      if (pending) tally.response(pending.statusCode, pending.ms, isCompleteResponse(body, stream));
      pending = null;
      return true;
    },
  });
  instance.on('response', (client, statusCode, bytes, ms) => {
    pending = { statusCode, ms };
  });
  instance.on('reqError', (error) => {
    const isTimeout = error.message === 'request timed out';
    tally.error(isTimeout ? 'timeout' : (error.code ?? error.message), isTimeout);
  });

  const startedAt = performance.now();
  await instance;
  return tally.summarize((performance.now() - startedAt) / 1000);
}
