import { SlidingSum } from './sliding-sum.js';

const minuteMs = 60_000;

/** Usage, as a share of the limit, from which a key's share of traffic is reduced. */
export const nearLimit = 0.8;

/**
 * A key's `rpm`/`tpm` limits and what it used of them over the last minute
 * (requests when sent, tokens when the answer reports its usage).
 */
export class RateHint {
  readonly #rpm: number | undefined;
  readonly #tpm: number | undefined;
  readonly #requests: SlidingSum | undefined;
  readonly #tokens: SlidingSum | undefined;

  constructor(rpm: number | undefined, tpm: number | undefined) {
    this.#rpm = rpm;
    this.#tpm = tpm;
    this.#requests = rpm === undefined ? undefined : new SlidingSum(minuteMs, 12);
    this.#tokens = tpm === undefined ? undefined : new SlidingSum(minuteMs, 12);
  }

  /** A rate hint for a target carrying positive `rpm` or `tpm` numbers; `undefined` otherwise. */
  static of(target: object): RateHint | undefined {
    const { rpm, tpm } = target as { rpm?: unknown; tpm?: unknown };
    const requests = typeof rpm === 'number' && rpm > 0 ? rpm : undefined;
    const tokens = typeof tpm === 'number' && tpm > 0 ? tpm : undefined;
    return requests === undefined && tokens === undefined ? undefined : new RateHint(requests, tokens);
  }

  /** A request was sent at `now`. */
  sent(now: number): void {
    this.#requests?.add(now, 1);
  }

  /** An answer at `now` used `tokens` tokens. */
  used(now: number, tokens: number): void {
    this.#tokens?.add(now, tokens);
  }

  /** The larger of the shares of `rpm` and `tpm` used over the last minute (1 = at the limit). */
  usage(now: number): number {
    const requests = this.#requests === undefined ? 0 : this.#requests.total(now) / this.#rpm!;
    const tokens = this.#tokens === undefined ? 0 : this.#tokens.total(now) / this.#tpm!;
    return Math.max(requests, tokens);
  }
}

/** How much of its share a key keeps at `usage`: all of it below 80%, then down linearly to `floor` at the limit. */
export function rateFactor(usage: number, floor: number): number {
  if (usage < nearLimit) return 1;
  return Math.max(floor, (1 - usage) / (1 - nearLimit));
}
