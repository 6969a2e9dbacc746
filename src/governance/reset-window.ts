/** A counter's window as `WindowLimit` takes it: a fixed length, or a calendar period in UTC. */
export interface ResetWindow {
  windowMs: number;
  calendar?: 'month' | 'year';
}

const unitMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/**
 * Reads a governance reset period: `30s`, `5m`, `1h`, `1d`, `1w` are fixed windows;
 * `1M` and `1Y` are the calendar month and year in UTC (their `windowMs` is a nominal
 * 31 or 366 days, used only where a length is needed). Extends `durationMs` of the
 * cache config with weeks, months and years without changing it.
 */
export function resetWindow(duration: string): ResetWindow {
  if (duration === '1M') return { windowMs: 31 * unitMs.d, calendar: 'month' };
  if (duration === '1Y') return { windowMs: 366 * unitMs.d, calendar: 'year' };
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/.exec(duration);
  if (!match) throw new Error(`not a reset period: ${duration}`);
  const windowMs = Number(match[1]) * unitMs[match[2] as keyof typeof unitMs];
  if (!(windowMs > 0)) throw new Error(`a reset period must be longer than zero: ${duration}`);
  return { windowMs };
}
