/**
 * The connection a target hands to what shares it (its document store). While the target has a dry run
 * open, that run's transaction is the one conversation on the store: on PGlite the pinned session is
 * the instance itself, so a transaction of its own would send BEGIN/COMMIT (or ROLLBACK) into the dry
 * run's transaction and end it, making what it staged durable. So during a dry run a transaction
 * becomes a savepoint in the dry run's transaction, and a read runs on its session, each one at a time
 * through the dry run's queue; the dry run's final ROLLBACK takes everything back. Without a dry run
 * every call goes straight to the target's connection.
 */
import type PQueue from 'p-queue';
import type { PinnedSession, SqlSession, TargetConnection } from './sql-session.js';

/** The open dry run a shared connection joins: its pinned session and the queue serialising it. */
export interface OpenDryRun {
  readonly session: PinnedSession;
  readonly queue: PQueue;
}

/** Savepoint of a shared caller's transaction (never nested: the queue runs one at a time). */
const SAVEPOINT = 'cb_shared_tx';

/** Runs `fn` in a savepoint of the dry run's transaction: released when it resolves, rolled back to when it throws. */
function inSavepoint<T>(dry: OpenDryRun, fn: (session: SqlSession) => Promise<T>): Promise<T> {
  return dry.queue.add(async () => {
    await dry.session.query(`SAVEPOINT ${SAVEPOINT}`);
    let result: T;
    try {
      result = await fn(dry.session);
    } catch (error) {
      await dry.session.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
      await dry.session.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
      throw error;
    }
    await dry.session.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
    return result;
  });
}

/**
 * `connection` as seen by a sharer of the target: inside the dry run `openDryRun()` returns, if any.
 * `open`, `close` and `pin` stay the target's (a sharer neither opens nor closes the connection).
 */
export function dryRunAwareConnection(connection: TargetConnection, openDryRun: () => OpenDryRun | null): TargetConnection {
  return {
    kind: connection.kind,
    open: () => connection.open(),
    close: () => connection.close(),
    pin: () => connection.pin(),
    transaction<T>(fn: (session: SqlSession) => Promise<T>): Promise<T> {
      const dry = openDryRun();
      return dry === null ? connection.transaction(fn) : inSavepoint(dry, fn);
    },
    withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T> {
      const dry = openDryRun();
      return dry === null ? connection.withSession(fn) : dry.queue.add(() => fn(dry.session));
    },
  };
}
