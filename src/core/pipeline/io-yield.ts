/**
 * A pause of the main thread for finished I/O. The commit of an earlier batch is a chain of statements,
 * each sent when the answer to the previous one has been read: while a batch is prepared in one
 * synchronous stretch, PostgreSQL waits for that stretch to end at every statement. Preparing yields
 * every few rows instead, so the commit's next statement goes out within about a millisecond.
 */
import { setImmediate as immediate } from 'node:timers/promises';

/** Rows prepared between two yields (a few milliseconds of mapping or validation). */
export const ROWS_PER_YIELD = 128;

/** Resolves after the event loop has run the I/O callbacks that are ready. */
export function yieldToIo(): Promise<void> {
  return immediate();
}
