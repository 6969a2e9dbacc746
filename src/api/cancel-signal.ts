/**
 * The part of an `AbortSignal` the gateway uses to learn that a caller went away.
 * A real `AbortSignal` is one; so is the lighter `Cancellation` the server makes per request.
 */
export interface CancelSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}
