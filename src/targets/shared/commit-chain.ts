/**
 * Commits in the order they were handed over. The engine hands a mapping's next batch to the target
 * while the previous one is still committing, so the target can build the next batch's COPY text while
 * PostgreSQL works on the previous transaction. The transactions themselves stay strictly one after the
 * other per mapping: a batch's transaction begins only after the previous batch's COMMIT succeeded, so
 * the store sees exactly the serial sequence of commits (checkpoints never pass an uncommitted batch),
 * and once a batch failed, every batch of its mapping already handed over fails without writing.
 */
import { ERROR_CODES, RunError } from '../../core/errors.js';

interface Chain {
  tail: Promise<void>;
  failed: boolean;
  pending: number;
}

/** One commit chain per key (run and mapping). */
export class CommitChains {
  readonly #chains = new Map<string, Chain>();

  /**
   * Runs `write` after every earlier `write` of `key` has settled; rejects without running it when one
   * of them failed. A chain with nothing pending is forgotten, so a later resume starts a fresh one.
   */
  run<T>(key: string, mapping: string, write: () => Promise<T>): Promise<T> {
    let chain = this.#chains.get(key);
    if (chain === undefined) this.#chains.set(key, (chain = { tail: Promise.resolve(), failed: false, pending: 0 }));
    const current = chain;
    current.pending += 1;
    const result = current.tail.then(async () => {
      if (current.failed) {
        throw new RunError('A batch was not written because an earlier batch of its mapping failed.', {
          code: ERROR_CODES.RUN_FAILED,
          details: { mapping },
        });
      }
      try {
        return await write();
      } catch (error) {
        current.failed = true;
        throw error;
      }
    });
    current.tail = result.then(
      () => this.#settled(key, current),
      () => this.#settled(key, current),
    );
    return result;
  }

  #settled(key: string, chain: Chain): void {
    chain.pending -= 1;
    if (chain.pending === 0 && this.#chains.get(key) === chain) this.#chains.delete(key);
  }
}
