import type { CancelSignal } from '../api/cancel-signal.js';
import { errors, type GatewayError, toGatewayError } from '../errors/index.js';
import { LinkedCancellation } from './linked-cancellation.js';

/** One request sent to one target, with a signal of its own; resolves with the answer (a stream's first item). */
export type Branch<T> = (signal: CancelSignal) => Promise<T>;

/** How a hedged race ended. */
export type HedgeOutcome<T> =
  | { won: true; result: T; /** Whether the hedge (the second request) answered. */ hedged: boolean; hedgeSent: boolean }
  | { won: false; /** Failures by branch: [first, second] (the second absent when it was never sent). */ failures: [GatewayError, GatewayError?] };

/**
 * Sends `first`; if it has not answered within `delayMs`, sends `second` too and
 * takes whichever answers first, aborting the other's signal (which cuts its
 * upstream request); an answer that comes after the race was decided goes to
 * `discard`. At most one extra request. A hedge that fails does not end the race
 * while the first still runs; the first failing before the delay ends it at once
 * (no hedge is sent), and so does the first failing in a way no other target can
 * mend (`fallsBack` false).
 */
export function hedge<T>(
  first: Branch<T>,
  second: Branch<T>,
  delayMs: number,
  parent: CancelSignal | undefined,
  fallsBack: (failure: GatewayError) => boolean,
  discard: (result: T, hedged: boolean) => void,
): Promise<HedgeOutcome<T>> {
  return new Promise((resolve) => {
    const firstSignal = new LinkedCancellation(parent);
    let secondSignal: LinkedCancellation | undefined;
    let firstFailure: GatewayError | undefined;
    let secondFailure: GatewayError | undefined;
    let decided = false;

    // The winner's signal stays linked to the request's: a caller going away still cuts its upstream request.
    const decide = (outcome: HedgeOutcome<T>) => {
      decided = true;
      clearTimeout(timer);
      if (!outcome.won || outcome.hedged) firstSignal.unlink();
      if (!outcome.won || !outcome.hedged) secondSignal?.unlink();
      resolve(outcome);
    };
    const answered = (result: T, hedged: boolean) => {
      if (decided) return discard(result, hedged);
      (hedged ? firstSignal : secondSignal)?.abort(errors.requestCancelled());
      decide({ won: true, result, hedged, hedgeSent: secondSignal !== undefined });
    };
    const run = (branch: Branch<T>, signal: CancelSignal): Promise<T> => {
      try {
        return branch(signal);
      } catch (error) {
        return Promise.reject(error);
      }
    };

    const sendHedge = () => {
      if (decided || firstFailure !== undefined || parent?.aborted) return;
      const signal = (secondSignal = new LinkedCancellation(parent));
      run(second, signal).then(
        (result) => answered(result, true),
        (error: unknown) => {
          secondFailure = toGatewayError(error);
          if (!decided && firstFailure !== undefined) decide({ won: false, failures: [firstFailure, secondFailure] });
        },
      );
    };
    const timer = setTimeout(sendHedge, delayMs);

    run(first, firstSignal).then(
      (result) => answered(result, false),
      (error: unknown) => {
        firstFailure = toGatewayError(error);
        if (decided) return;
        if (secondSignal === undefined) return decide({ won: false, failures: [firstFailure] });
        if (secondFailure !== undefined) return decide({ won: false, failures: [firstFailure, secondFailure] });
        if (!fallsBack(firstFailure)) {
          secondSignal.abort(errors.requestCancelled());
          decide({ won: false, failures: [firstFailure] });
        }
      },
    );
  });
}
