import type { Logger } from './logger.js';

/**
 * A warning that is logged at most once per `intervalMs` (a store that is down
 * fails every call; one line per call would flood the log). The next line logged
 * carries how many were suppressed since the last one.
 */
export function rateLimitedWarn(logger: Logger, intervalMs = 30_000, now: () => number = Date.now): (fields: Record<string, unknown>, message: string) => void {
  let last = -Infinity;
  let suppressed = 0;
  return (fields, message) => {
    const time = now();
    if (time - last < intervalMs) {
      suppressed++;
      return;
    }
    last = time;
    logger.warn(suppressed > 0 ? { ...fields, suppressed } : fields, message);
    suppressed = 0;
  };
}
