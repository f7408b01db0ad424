/**
 * Batch commits stay in source order while the engine hands the next batch to the target before the
 * previous one committed (`orderedCommits`), and a batch that fails stops every later batch of its
 * mapping from committing. Watched in the database itself: a trigger logs every committed change of a
 * mapping's ledger row (old and new checkpoint), so the log is the commit sequence; a second trigger
 * makes the INSERT of one person fail mid-pipeline. Then the run resumes and completes exactly.
 * On embedded PGlite and on a real PostgreSQL server.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalTarget, LoadBatch } from '../src/core/pipeline/canonical-target.js';
import { defineMigration } from '../src/mappings/define-migration.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import { LEDGER_TABLES } from '../src/targets/ledger/ledger-ddl.js';
import { STORE_SCHEMA } from '../src/targets/typeorm/store-model.js';
import { createPgliteTarget } from '../src/targets/pglite/index.js';
import { createPostgresTarget } from '../src/targets/postgres/index.js';
import { addressMapping, expectedAccounting, personMapping, sampleConnector, writeSampleSource } from './fixtures/engine/sample-source.js';
import { createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';
import { TEST_COMMUNE, testId } from './helpers/tenant.js';

const PERSONS = 60;
const BATCH = 5;
/** The person whose INSERT fails: row 38 of the source, in the 8th batch (rows 36–40). */
const FAILING_ROW = 38;

interface Harness {
  readonly target: CanonicalTarget;
  query<R>(sql: string): Promise<R[]>;
  close(): Promise<void>;
}

interface LogEntry {
  readonly mapping: string;
  readonly before: number;
  readonly after: number;
}

function orderedCommitsSuite(kind: string, open: () => Promise<Harness>): void {
  describe(`ordered batch commits on ${kind}`, () => {
    let dir: string;
    let h: Harness;
    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'cb-ordered-'));
      await writeSampleSource(dir, PERSONS);
      h = await open();
      await h.target.ensureSchema();
      // Every committed change of a mapping's ledger row, in commit order: updates of one row are
      // serialised by its row lock, so OLD is always the state the previous commit left.
      await h.query(`CREATE TABLE public.commit_log (seq serial PRIMARY KEY, mapping text, before integer, after integer)`);
      await h.query(`CREATE FUNCTION public.log_commit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO public.commit_log (mapping, before, after) VALUES (NEW.mapping,
            CASE WHEN TG_OP = 'UPDATE' THEN (OLD.checkpoint->>'rowsRead')::integer ELSE 0 END, (NEW.checkpoint->>'rowsRead')::integer);
          RETURN NEW;
        END $$`);
      await h.query(
        `CREATE TRIGGER log_commit AFTER INSERT OR UPDATE OF checkpoint ON ${LEDGER_TABLES.runMapping} FOR EACH ROW EXECUTE FUNCTION public.log_commit()`,
      );
      await h.query(`CREATE FUNCTION public.fail_person() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'planted failure'; END $$`);
      await h.query(
        `CREATE TRIGGER fail_person BEFORE INSERT ON ${STORE_SCHEMA}.person FOR EACH ROW WHEN (NEW.id = '${testId('legacy-sample', 'person', FAILING_ROW)}') EXECUTE FUNCTION public.fail_person()`,
      );
    });
    afterAll(async () => {
      await h?.close();
    });

    function migration() {
      return defineMigration({
        name: 'ordered-commits',
        source: sampleConnector(dir),
        commune: TEST_COMMUNE,
        sourceSystem: 'legacy-sample',
        mappings: [personMapping, addressMapping],
        target: h.target,
        options: { batchSize: BATCH, thresholds: [], pipelineDepth: 3 },
      });
    }

    /** The log as a chain per mapping: every commit starts where the previous one ended. */
    async function commitChain(mapping: string): Promise<LogEntry[]> {
      const log = await h.query<LogEntry>(`SELECT mapping, before, after FROM public.commit_log WHERE mapping = '${mapping}' ORDER BY seq`);
      for (const [i, entry] of log.entries()) {
        expect(entry.before).toBe(i === 0 ? 0 : log[i - 1]!.after);
        expect(entry.after - entry.before).toBe(Math.min(BATCH, PERSONS + (mapping === 'addresses' ? 1 : 0) - entry.before));
      }
      return log;
    }

    it('commits in source order and commits no batch after the one that failed; the resumed run completes exactly', async () => {
      const runId = '7a0c3c49-5d1e-4bb0-9d57-0c5f2a6b1e01';
      expect(h.target.orderedCommits).toBe(true);
      const seen: number[] = [];
      const watch = (batch: LoadBatch): void => {
        if (batch.mapping === 'persons') seen.push(batch.checkpoint.rowsRead);
      };
      const failed = await runMigration(migration(), { runId, keepTargetOpen: true, onBatchCommitted: watch });
      expect(failed.status).toBe('failed');
      const failedAt = Math.floor((FAILING_ROW - 1) / BATCH) * BATCH;
      // The batches before the failing one, each once and in order; none after it.
      const first = await commitChain('persons');
      expect(first.map((e) => e.after)).toEqual(Array.from({ length: failedAt / BATCH }, (_, i) => (i + 1) * BATCH));
      expect(seen).toEqual(first.map((e) => e.after));
      expect(await commitChain('addresses')).toEqual([]);
      const stored = await h.query<{ n: number }>(`SELECT count(*)::integer AS n FROM ${STORE_SCHEMA}.person`);
      const ledger = await h.query<{ loaded: number; quarantined: number; filtered: number }>(
        `SELECT (stats->>'loaded')::integer AS loaded, (stats->>'quarantined')::integer AS quarantined,
                (SELECT COALESCE(SUM(value::integer), 0) FROM jsonb_each_text(stats->'filtered'))::integer AS filtered
           FROM ${LEDGER_TABLES.runMapping} WHERE mapping = 'persons'`,
      );
      expect(stored[0]!.n).toBe(ledger[0]!.loaded);
      expect(ledger[0]!.loaded + ledger[0]!.quarantined + ledger[0]!.filtered).toBe(failedAt);

      await h.query(`DROP TRIGGER fail_person ON ${STORE_SCHEMA}.person`);
      const resumed = await runMigration(migration(), { runId, resume: true, keepTargetOpen: true, onBatchCommitted: watch });
      expect(resumed.resumed).toBe(true);
      const expected = expectedAccounting(PERSONS);
      expect(resumed.entities.find((e) => e.mapping === 'persons')).toMatchObject({ ...expected.persons, balanced: true });
      expect(resumed.entities.find((e) => e.mapping === 'addresses')).toMatchObject({ ...expected.addresses, balanced: true });
      const persons = await commitChain('persons');
      expect(persons.map((e) => e.after)).toEqual(Array.from({ length: PERSONS / BATCH }, (_, i) => (i + 1) * BATCH));
      expect(seen).toEqual(persons.map((e) => e.after));
      expect((await commitChain('addresses')).at(-1)?.after).toBe(PERSONS + 1);
      const final = await h.query<{ n: number }>(`SELECT count(*)::integer AS n FROM ${STORE_SCHEMA}.person`);
      expect(final[0]!.n).toBe(expected.persons.loaded);
    });
  });
}

orderedCommitsSuite('PGlite', async () => {
  const target = createPgliteTarget({});
  await target.open();
  return {
    target,
    query: async <R>(sql: string) => (await target.pglite.query<R>(sql)).rows,
    close: () => target.close().catch(() => undefined),
  };
});

await describeWithService('postgres', 'ordered batch commits on a real PostgreSQL server', () => {
  let db: TestDatabase | undefined;
  let pool: pg.Pool | undefined;
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });
  orderedCommitsSuite('PostgreSQL', async () => {
    db = await createPostgresDatabase('cbordered');
    const target = createPostgresTarget({ connectionString: db.url });
    await target.open();
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    const p = pool;
    return {
      target,
      query: async <R>(sql: string) => (await p.query(sql)).rows as R[],
      close: () => target.close().catch(() => undefined),
    };
  });
});
