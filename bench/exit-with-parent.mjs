// Bench helper processes must never outlive the orchestrator: they stop on SIGTERM/SIGINT,
// when their stdin closes (the parent is gone), and after a hard lifetime limit.

import fs from 'node:fs';

const DEFAULT_LIFETIME_MS = 30 * 60 * 1000;

/** Calls `close` then exits when the parent goes away, on a signal, or after `lifetimeMs`. */
export function exitWithParent(close, lifetimeMs = DEFAULT_LIFETIME_MS) {
  let exiting = false;
  const exit = () => {
    if (exiting) return;
    exiting = true;
    close();
    // Keep-alive sockets may hold the event loop open; the process has nothing left to finish.
    setTimeout(() => process.exit(0), 200).unref();
  };
  process.once('SIGTERM', exit);
  process.once('SIGINT', exit);
  setTimeout(exit, lifetimeMs).unref();
  if (stdinIsPipe()) {
    process.stdin.on('end', exit);
    process.stdin.on('error', exit);
    process.stdin.resume();
  }
}

function stdinIsPipe() {
  try {
    const stats = fs.fstatSync(0);
    return stats.isFIFO() || stats.isSocket();
  } catch {
    return false;
  }
}
