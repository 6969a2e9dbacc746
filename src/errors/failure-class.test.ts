import { describe, expect, it } from 'vitest';
import { type FailureClass, isRetryable } from './failure-class.js';

/** Every failure class; the `satisfies` fails to compile when one is added without a row here. */
const retryable = {
  caller: false,
  credential: false,
  'rate-limit': true,
  quota: false,
  transient: true,
  timeout: true,
  cancelled: false,
  internal: false,
} satisfies Record<FailureClass, boolean>;

describe('isRetryable', () => {
  it.each(Object.entries(retryable) as [FailureClass, boolean][])('says whether %s may succeed on another attempt (%s)', (failureClass, expected) => {
    expect(isRetryable(failureClass)).toBe(expected);
  });
});
