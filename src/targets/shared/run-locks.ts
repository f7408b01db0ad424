/**
 * One writer per run and per commune/source: a real run (and a resume) holds two session-level
 * advisory locks on a connection of its own for as long as it runs: one on its run id (a second resume
 * of the same run is refused) and one on its commune and source system (a second run of the same commune/source
 * into this target is refused). The server drops them when the holder's connection ends, so a killed
 * run never leaves a stale lock. The session carries `application_name = casebridge run <id>`, which is
 * how a refused run names the holder (run id and start time from the ledger; no personal data).
 */
import { RunLockedError } from '../../core/errors.js';
import type { RunInfo } from '../../core/pipeline/canonical-target.js';
import { LEDGER_TABLES } from '../ledger/ledger-ddl.js';
import type { PinnedSession } from './sql-session.js';

const APP_PREFIX = 'casebridge run ';

/** What the locks are keyed by: the run id and its commune and source system (a run, or a rollback of one). */
export type RunLockScope = Pick<RunInfo, 'runId' | 'commune' | 'sourceSystem'>;

/** The lock scopes, in the order they are taken. */
const scopes = (run: RunLockScope): readonly (readonly ['run' | 'source', string])[] => [
  ['run', run.runId],
  // Keyed by commune and source: two communes of one canton store load side by side.
  ['source', `${run.commune}:${run.sourceSystem}`],
];

/** Takes the locks of `run` on `session` (a pinned session the caller keeps until the run ends). */
export async function acquireRunLocks(session: PinnedSession, run: RunLockScope): Promise<void> {
  await session.query(`SELECT set_config('application_name', $1, false)`, [`${APP_PREFIX}${run.runId}`]);
  for (const [scope, value] of scopes(run)) {
    const name = `casebridge:${scope}:${value}`;
    const taken = await session.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok`, [name]);
    if (taken.rows[0]?.ok === true) continue;
    const holder = await lockHolder(session, name);
    await releaseRunLocks(session);
    throw new RunLockedError(
      scope === 'run'
        ? 'This run is already running or being resumed by another process; only one may write it at a time.'
        : 'Another run is writing this commune and source system into this target; only one run per commune/source may write at a time.',
      { details: { runId: run.runId, scope, holderRunId: holder.runId, holderStartedAt: holder.startedAt } },
    );
  }
}

/** Gives the locks back (and the session's name); safe to call on a session whose connection dropped. */
export async function releaseRunLocks(session: PinnedSession): Promise<void> {
  await session.query(`SELECT pg_advisory_unlock_all(), set_config('application_name', '', false)`).catch(() => undefined);
}

/** The run holding the advisory lock `name`: its id from the holder's application_name, its start from the ledger. */
async function lockHolder(session: PinnedSession, name: string): Promise<{ runId: string | null; startedAt: string | null }> {
  try {
    const found = await session.query<{ app: string | null }>(
      `SELECT a.application_name AS app
         FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid,
              (SELECT hashtextextended($1, 0) AS k) AS key
        WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
          AND l.classid::bigint = ((key.k >> 32) & 4294967295) AND l.objid::bigint = (key.k & 4294967295)
        LIMIT 1`,
      [name],
    );
    const app = found.rows[0]?.app ?? '';
    const runId = app.startsWith(APP_PREFIX) && /^[0-9a-f-]{36}$/i.test(app.slice(APP_PREFIX.length)) ? app.slice(APP_PREFIX.length) : null;
    if (runId === null) return { runId: null, startedAt: null };
    const started = await session.query<{ started: string }>(
      `SELECT to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS started FROM ${LEDGER_TABLES.run} WHERE run_id = $1`,
      [runId],
    );
    return { runId, startedAt: started.rows[0]?.started ?? null };
  } catch {
    // Naming the holder is a courtesy (pg_stat_activity may be restricted); the refusal stands.
    return { runId: null, startedAt: null };
  }
}
