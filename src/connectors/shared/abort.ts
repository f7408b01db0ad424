/** Cancellation helpers shared by the SQL readers. */
import { CancelledError } from '../../core/errors.js';

/** Throws a CancelledError when `signal` is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined, details?: Record<string, string | number>): void {
  if (signal?.aborted) throw new CancelledError('The read was cancelled.', details ? { details } : {});
}

/**
 * Runs `onAbort` once if `signal` aborts while `work` is pending (e.g. to cancel the query on the
 * server) and removes the listener afterwards. When the signal aborted, any failure of `work` becomes
 * a CancelledError with the original failure as cause.
 */
export async function whileAbortable<T>(signal: AbortSignal | undefined, onAbort: () => void, work: () => Promise<T>): Promise<T> {
  if (!signal) return work();
  throwIfAborted(signal);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await work();
  } catch (error) {
    if (signal.aborted) throw new CancelledError('The read was cancelled.', { cause: error });
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
