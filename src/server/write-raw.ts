import type { ServerResponse } from 'node:http';

/** Resolves when a slow client read what was queued (`drain`), or went away (`close`). */
export function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Writes to the client, waiting while it reads slowly; resolves `false` once it went away (the caller then stops, closing the upstream body). */
export async function writeRaw(res: ServerResponse, data: Uint8Array | string): Promise<boolean> {
  if (res.destroyed) return false;
  if (res.write(data)) return true;
  await drained(res);
  return !res.destroyed;
}
