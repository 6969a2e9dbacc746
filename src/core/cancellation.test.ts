import { describe, expect, it } from 'vitest';
import { Cancellation } from './cancellation.js';

describe('Cancellation', () => {
  it('calls each listener once on abort and keeps the reason', () => {
    const cancellation = new Cancellation();
    const calls: string[] = [];
    cancellation.addEventListener('abort', () => calls.push('a'));
    cancellation.addEventListener('abort', () => calls.push('b'));
    const reason = new Error('gone');
    cancellation.abort(reason);
    cancellation.abort(new Error('again'));
    expect(calls).toEqual(['a', 'b']);
    expect(cancellation.aborted).toBe(true);
    expect(cancellation.reason).toBe(reason);
  });

  it('does not call a listener that was removed', () => {
    const cancellation = new Cancellation();
    let called = false;
    const listener = () => (called = true);
    cancellation.addEventListener('abort', listener);
    cancellation.removeEventListener('abort', listener);
    cancellation.abort();
    expect(called).toBe(false);
    expect(cancellation.reason).toBeInstanceOf(Error);
  });
});
