/**
 * The record-level ledger of warnings and filtered rows: every row that loaded with warnings and every
 * row a named filter rule left out gets one entry (pseudonymous reference, codes or rule, field paths,
 * no value), committed with its batch, on PGlite and on PostgreSQL. Its entries agree with the run
 * report's counts; a cancelled (PGlite) or SIGKILLed (PostgreSQL) run resumed under the same id ends
 * with exactly the entries of an uninterrupted run (no doubles); a dry run keeps none in the ledger.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalTarget, StoredRecordNote } from '../src/core/pipeline/canonical-target.js';
import { defineMigration } from '../src/mappings/define-migration.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import type { RunReport } from '../src/core/report/run-report.js';
import { RECORD_NOTE_TABLE } from '../src/targets/ledger/record-note-ledger-ddl.js';
import { createPgliteTarget, type PgliteTarget } from '../src/targets/pglite/index.js';
import { createPostgresTarget } from '../src/targets/postgres/index.js';
import { addressMapping, PLANTED, sampleConnector, writeSampleSource } from './fixtures/engine/sample-source.js';
import { warnedPersonIds, warnedPersonMapping } from './fixtures/engine/warned-persons.js';
import { createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';
import { TEST_COMMUNE } from './helpers/tenant.js';

const PERSONS = 60;
const BATCH = 7;
const CHILD = fileURLToPath(new URL('./fixtures/engine/record-notes-child.ts', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cb-record-ledger-'));
  await writeSampleSource(dir, PERSONS);
}, 60_000);

function migration(target: CanonicalTarget) {
  return defineMigration({
    name: 'record-notes',
    source: sampleConnector(dir),
    commune: TEST_COMMUNE,
    sourceSystem: 'legacy-sample',
    mappings: [warnedPersonMapping, addressMapping],
    target,
    options: { batchSize: BATCH, thresholds: [] },
  });
}

/** Every note of the run, read through the target's paged reader (small pages, so paging is exercised). */
async function allNotes(target: CanonicalTarget, runId: string): Promise<StoredRecordNote[] | null> {
  const notes: StoredRecordNote[] = [];
  for (let after: string | null = null; ; ) {
    const page = await target.recordNotes!(runId, after, 4);
    if (page === null) return null;
    const last = page.at(-1);
    if (last === undefined) return notes;
    notes.push(...page);
    after = last.seq;
  }
}

/** The ledger's notes agree with the report: per mapping, bucket, warning code and filter rule. */
function expectAgreement(notes: readonly StoredRecordNote[], report: RunReport): void {
  for (const e of report.entities) {
    const mine = notes.filter((n) => n.mapping === e.mapping);
    const warned = mine.filter((n) => n.bucket === 'warning');
    const filtered = mine.filter((n) => n.bucket === 'filtered');
    expect(warned).toHaveLength(e.warnings);
    expect(filtered).toHaveLength(e.filtered);
    const byCode: Record<string, number> = {};
    for (const n of warned) for (const c of n.codes) byCode[c] = (byCode[c] ?? 0) + 1;
    expect(byCode).toEqual(e.warningsByCode);
    const byRule: Record<string, number> = {};
    for (const n of filtered) byRule[n.codes[0]!] = (byRule[n.codes[0]!] ?? 0) + 1;
    expect(byRule).toEqual(e.filteredByRule);
  }
}

/** The notes as comparable lines (bucket, mapping, source key, codes, paths: references are keyed per process), sorted; no doubles allowed. */
function noteLines(notes: readonly StoredRecordNote[]): string[] {
  return notes.map((n) => `${n.bucket}|${n.mapping}|${n.sourceKey}|${n.codes.join(',')}|${n.paths.join(',')}`).sort();
}

describe('record-level ledger on PGlite', () => {
  const open: { target: PgliteTarget; db: PGlite }[] = [];
  afterEach(async () => {
    for (const { target, db } of open.splice(0)) {
      await target.close().catch(() => undefined);
      await db.close().catch(() => undefined);
    }
  });
  function newTarget(db = new PGlite()): PgliteTarget {
    const target = createPgliteTarget({ pglite: db });
    open.push({ target, db });
    return target;
  }

  it('writes one entry per warned or filtered row, with codes and paths only, agreeing with the report', async () => {
    const target = newTarget();
    const report = await runMigration(migration(target), { keepTargetOpen: true });
    expect(report.status).toBe('passed');
    const notes = (await allNotes(target, report.runId))!;
    const warned = warnedPersonIds(PERSONS);
    expect(notes.filter((n) => n.bucket === 'warning')).toHaveLength(warned.length);
    expect(notes.filter((n) => n.bucket === 'filtered')).toHaveLength(1);
    expectAgreement(notes, report);
    const filtered = notes.find((n) => n.bucket === 'filtered')!;
    expect(filtered).toMatchObject({ mapping: 'persons', sourceTable: 'persons', sourceKey: String(PLANTED.testCase), codes: ['test-cases'], paths: [''] });
    for (const n of notes.filter((x) => x.bucket === 'warning')) {
      expect(n).toMatchObject({ mapping: 'persons', codes: ['person.age_implausible'], paths: ['/dateOfBirth'] });
      expect(n.recordRef).toMatch(/^persons:[0-9a-f]{16}$/);
    }
    expect(new Set(noteLines(notes)).size).toBe(notes.length);
    // The columns hold references and codes only: nothing of the row's values (names, AHV numbers, dates).
    const columns = await target.pglite.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'casebridge' AND table_name = 'cb_record_note' ORDER BY ordinal_position`,
    );
    expect(columns.rows.map((c) => c.column_name)).toEqual([
      'note_id',
      'run_id',
      'mapping',
      'bucket',
      'record_ref',
      'source_table',
      'source_key',
      'codes',
      'paths',
      'recorded_at',
    ]);
    expect(await target.recordNotes!(randomUUID(), null, 10)).toBeNull();
  }, 120_000);

  it('a dry run keeps no entry in the ledger (its notes go to its report folder only)', async () => {
    const target = newTarget();
    const seen: number[] = [];
    const report = await runMigration(migration(target), {
      dryRun: true,
      keepTargetOpen: true,
      onBatchCommitted: (batch) => {
        seen.push(batch.notes?.length ?? 0);
      },
    });
    // The batches carried the notes (for the dry run's own files), and the ledger kept none.
    expect(seen.reduce((a, b) => a + b, 0)).toBe(warnedPersonIds(PERSONS).length + 1);
    expect(await target.recordNotes!(report.runId, null, 10)).toBeNull();
    const rows = await target.pglite.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${RECORD_NOTE_TABLE}`);
    expect(rows.rows[0]!.n).toBe(0);
  }, 120_000);

  it('a cancelled run resumed under the same id ends with the entries of an uninterrupted run, none twice', async () => {
    const clean = newTarget();
    const cleanReport = await runMigration(migration(clean), { keepTargetOpen: true });
    const expected = noteLines((await allNotes(clean, cleanReport.runId))!);

    const target = newTarget();
    const runId = randomUUID();
    const controller = new AbortController();
    let committed = 0;
    const cancelled = await runMigration(migration(target), {
      runId,
      signal: controller.signal,
      keepTargetOpen: true,
      onProgress: (e) => {
        if (e.type === 'batch-committed' && ++committed === 4) controller.abort();
      },
    });
    expect(cancelled.status).toBe('cancelled');
    const partial = (await allNotes(target, runId))!;
    expect(partial.length).toBeLessThan(expected.length);
    const resumed = await runMigration(migration(target), { runId, resume: true, keepTargetOpen: true });
    expect(resumed.status).toBe('passed');
    const notes = (await allNotes(target, runId))!;
    expect(noteLines(notes)).toEqual(expected);
    expectAgreement(notes, resumed);
  }, 180_000);
});

interface ChildResult {
  readonly killedAt: number | null;
  readonly done: { status: string; entities: [string, number, number, number][] } | null;
}

function runChild(args: string[], killAfter: number | null): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let killedAt: number | null = null;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const batches = (out.match(/^batch \d+$/gm) ?? []).length;
      if (killAfter !== null && killedAt === null && batches >= killAfter) {
        killedAt = batches;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const doneLine = /^done (.*)$/m.exec(out)?.[1];
      if (signal === null && code !== 0) reject(new Error(`child failed (${code}): ${err.slice(-2000)}`));
      else resolve({ killedAt, done: doneLine === undefined ? null : JSON.parse(doneLine) });
    });
  });
}

async function pgNotes(url: string, runId: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ bucket: string; mapping: string; source_key: string; codes: string[]; paths: string[] }>(
      `SELECT bucket, mapping, source_key, codes, paths FROM ${RECORD_NOTE_TABLE} WHERE run_id = $1`,
      [runId],
    );
    return r.rows.map((n) => `${n.bucket}|${n.mapping}|${n.source_key}|${n.codes.join(',')}|${n.paths.join(',')}`).sort();
  } finally {
    await client.end();
  }
}

await describeWithService('postgres', 'record-level ledger on PostgreSQL (SIGKILL and resume)', () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });

  it('a run killed at a batch and resumed ends with the entries of an uninterrupted run, none twice, agreeing with the report', async () => {
    const cleanDb = await createPostgresDatabase('cbnotes');
    dbs.push(cleanDb);
    const cleanRun = randomUUID();
    const clean = await runChild([dir, cleanDb.url, cleanRun, '0', String(BATCH)], null);
    expect(clean.done?.status).toBe('passed');
    const expected = await pgNotes(cleanDb.url, cleanRun);
    expect(expected.filter((l) => l.startsWith('warning|'))).toHaveLength(warnedPersonIds(PERSONS).length);
    expect(expected.filter((l) => l.startsWith('filtered|'))).toHaveLength(1);
    expect(new Set(expected).size).toBe(expected.length);

    const db = await createPostgresDatabase('cbnotes');
    dbs.push(db);
    const runId = randomUUID();
    const killed = await runChild([dir, db.url, runId, '0', String(BATCH)], 3);
    expect(killed.done).toBeNull();
    const resumed = await runChild([dir, db.url, runId, '1', String(BATCH)], null);
    expect(resumed.done?.status).toBe('passed');
    const notes = await pgNotes(db.url, runId);
    expect(notes).toEqual(expected);
    // The report's counts (over both sessions) agree with the ledger.
    for (const [mapping, warnings, filtered] of resumed.done!.entities) {
      expect(notes.filter((l) => l.startsWith(`warning|${mapping}|`))).toHaveLength(warnings);
      expect(notes.filter((l) => l.startsWith(`filtered|${mapping}|`))).toHaveLength(filtered);
    }
    // The same reads through the target's paged reader.
    const target = createPostgresTarget({ connectionString: db.url });
    await target.open();
    try {
      expect(noteLines((await allNotes(target, runId))!)).toEqual(expected);
    } finally {
      await target.close();
    }
  }, 240_000);
});
