import type { StreamChunk } from '../api/index.js';

/** A stream whose first item has arrived: the moment after which it can no longer be retried. */
export interface StartedStream<T = StreamChunk> {
  iterator: AsyncIterator<T>;
  first: IteratorResult<T>;
}

/** Opens a stream and waits for its first item, closing it if that fails. */
export async function startStream<T = StreamChunk>(open: () => Promise<AsyncIterable<T>>): Promise<StartedStream<T>> {
  const iterator = (await open())[Symbol.asyncIterator]();
  try {
    return { iterator, first: await iterator.next() };
  } catch (error) {
    await closeQuietly(iterator);
    throw error;
  }
}

/** Ends an iterator early (releasing its upstream connection), ignoring errors from doing so. */
export async function closeQuietly(iterator: AsyncIterator<unknown>): Promise<void> {
  try {
    await iterator.return?.();
  } catch {
    // the stream is being abandoned; its error no longer matters
  }
}
