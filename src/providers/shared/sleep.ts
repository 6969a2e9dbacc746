import type { CancelSignal } from '../../api/cancel-signal.js';
import { errors } from '../../errors/index.js';

/** Waits `ms` milliseconds; rejects with `request_cancelled` (or the abort reason) when `signal` aborts. */
export function sleep(ms: number, signal?: CancelSignal): Promise<void> {
  if (ms <= 0 && !signal?.aborted) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortReason(signal: CancelSignal): Error {
  const reason = signal.reason;
  return reason instanceof Error && reason.name === 'GatewayError' ? reason : errors.requestCancelled();
}
