/**
 * Delta extraction, shared by the PGlite and PostgreSQL target tests: a source with a modification
 * stamp is delivered, then about 1 % of it is edited or added; the second run reads exactly the
 * changed rows plus the rows inside the overlap window, balances, tombstones nothing, and leaves the
 * store equal to a fresh full migration of the final source. A growing-key mapping reads only new
 * rows; a failed run and a dry run do not advance the mark; the SQL bound and the file filter agree.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { Connector } from '../src/core/connector/connector.js';
import { createFileConnector } from '../src/connectors/files/index.js';
import type { MigrationOptions } from '../src/core/pipeline/migration-definition.js';
import { defineMigration } from '../src/mappings/define-migration.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import type { RunReport } from '../src/core/report/run-report.js';
import { renderRunReportHtml } from '../src/core/report/render-html.js';
import { renderRunReportMarkdown } from '../src/core/report/render-markdown.js';
import { defineMapping, id, rename, transform, type DeltaDeclaration, type MappingDefinition } from '../src/mappings/dsl/index.js';
import { t } from '../src/mappings/transforms/index.js';
import { DELIVERY_TABLES } from '../src/targets/ledger/delivery-ledger-ddl.js';
import type { SqlCanonicalTarget } from '../src/targets/shared/sql-canonical-target.js';
import { TEST_COMMUNE } from './helpers/tenant.js';

/** A SQL source database under test. */
export interface DeltaSource {
  /** `postgres` or `mysql`: which DDL to use. */
  readonly dialect: 'postgres' | 'mysql';
  connector(name: string): Connector;
  exec(sql: string): Promise<void>;
}

/** The store side: a fresh target per name, and SQL against it. */
export interface DeltaBackend {
  target(name: string): Promise<SqlCanonicalTarget>;
  query(name: string, sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** A fresh SQL source database (PostgreSQL or MariaDB); undefined when none is available. */
  source?: () => Promise<DeltaSource>;
}

const SOURCE_SYSTEM = 'delta-src';
const OPTIONS: MigrationOptions = { batchSize: 100 };
const TIMEOUT = 600_000;
const ROWS = 1000;
const BASE = Date.UTC(2026, 0, 1, 8, 0, 0);

/** `2026-01-01T08:00:00` + `minutes`, in the source's literal form. */
function stampAt(minutes: number, separator = ' '): string {
  return new Date(BASE + minutes * 60_000).toISOString().slice(0, 19).replace('T', separator);
}

function personMapping(delta: DeltaDeclaration | undefined, table = 'person_src'): MappingDefinition {
  return {
    name: 'person',
    version: '1',
    source: { table, keyColumns: ['id'] },
    yields: [
      {
        entity: 'person',
        fields: { id: id('id'), officialName: rename('name'), firstName: rename('first_name'), dateOfBirth: transform('born', t.partialDate()) },
      },
    ],
    ...(delta === undefined ? {} : { delta }),
  };
}

async function run(
  target: SqlCanonicalTarget,
  source: Connector,
  mapping: MappingDefinition,
  options: MigrationOptions = OPTIONS,
  dryRun = false,
): Promise<RunReport> {
  const definition = defineMigration({
    name: 'delta',
    source,
    commune: TEST_COMMUNE,
    sourceSystem: SOURCE_SYSTEM,
    mappings: [defineMapping(mapping)],
    target,
    options,
  });
  return runMigration(definition, { keepTargetOpen: true, dryRun });
}

/** Live records (id → content hash) of `person` in the store `name`. */
async function livePersons(backend: DeltaBackend, name: string): Promise<Record<string, string>> {
  const rows = await backend.query(
    name,
    `SELECT t."id"::text AS id, t.content_hash FROM casebridge.person t
      WHERE NOT EXISTS (SELECT 1 FROM ${DELIVERY_TABLES.tombstone} d WHERE d.entity = 'person' AND d.canonical_id = t."id" AND d.restored_run_id IS NULL) ORDER BY 1`,
  );
  return Object.fromEntries(rows.map((r) => [String(r['id']), String(r['content_hash'])]));
}

async function storedMark(backend: DeltaBackend, name: string): Promise<string | undefined> {
  const rows = await backend.query(name, `SELECT value FROM ${DELIVERY_TABLES.highWater} WHERE mapping = 'person'`);
  return rows[0] === undefined ? undefined : String(rows[0]['value']);
}

function expectBalancedDelta(report: RunReport): void {
  expect(report.errors).toEqual([]);
  expect(report.status).toBe('passed');
  expect(report.reconciliation.status).toBe('passed');
  expect(report.entities.every((e) => e.balanced && e.extracted === e.loaded + e.filtered + e.quarantined)).toBe(true);
  expect(report.delivery?.balanced).toBe(true);
  // A delta read cannot see deletions: nothing is tombstoned.
  expect(report.delivery?.deletions).toBe('delta-only');
  expect(report.delivery?.deletedCount).toBe(0);
}

function sqlRows(rows: readonly (readonly [number, string, string, string, string | null])[]): string {
  return rows.map(([key, name, first, born, at]) => `(${String(key)}, '${name}', '${first}', '${born}', ${at === null ? 'NULL' : `'${at}'`})`).join(', ');
}

async function createPersonTable(source: DeltaSource, rows: number): Promise<void> {
  const stampType = source.dialect === 'postgres' ? 'timestamp(6)' : 'DATETIME(6)';
  await source.exec(
    `CREATE TABLE person_src (id integer PRIMARY KEY, name varchar(40) NOT NULL, first_name varchar(40) NOT NULL, born varchar(10) NOT NULL, changed_at ${stampType})`,
  );
  for (let start = 1; start <= rows; start += 500) {
    const chunk = Array.from({ length: Math.min(500, rows - start + 1) }, (_, i) => {
      const key = start + i;
      return [key, `Muster${String(key)}`, 'Anna', '01.02.1980', stampAt(key)] as const;
    });
    await source.exec(`INSERT INTO person_src (id, name, first_name, born, changed_at) VALUES ${sqlRows(chunk)}`);
  }
}

/** Registers the delta tests for one store backend (the file-source test only with `files`). */
export function deltaReadTests(backend: DeltaBackend, files: boolean): void {
  const sqlSource = backend.source;
  if (sqlSource !== undefined) {
    it(
      'a stamped source: the second delivery reads the 1 % changed rows plus the overlap window, and the store equals a fresh full migration',
      async () => {
        const source = await sqlSource();
        await createPersonTable(source, ROWS);
        const target = await backend.target('stamp');
        const delta: DeltaDeclaration = { stamp: 'changed_at', overlap: '30 minutes' };

        const first = await run(target, source.connector(SOURCE_SYSTEM), personMapping(delta));
        expect(first.errors).toEqual([]);
        expect(first.entities[0]?.extracted).toBe(ROWS);
        const firstDelta = first.delta?.mappings[0];
        expect(firstDelta).toMatchObject({ mode: 'stamp', column: 'changed_at', previousMark: null, readAfter: null, markCommitted: true, rowsRead: ROWS });
        expect(firstDelta?.mark?.slice(0, 19)).toBe(stampAt(ROWS, 'T'));
        expect((await storedMark(backend, 'stamp'))?.slice(0, 19)).toBe(stampAt(ROWS, 'T'));

        // 1 %: five rows edited, five added, all stamped after the mark; the overlap window (30 min
        // below the mark) holds the 29 newest unchanged rows (keys 971..1000, minus the edited ones).
        const edited = [3, 250, 500, 750, 990];
        const later = stampAt(ROWS + 60);
        for (const key of edited) await source.exec(`UPDATE person_src SET name = 'Neu${String(key)}', changed_at = '${later}' WHERE id = ${String(key)}`);
        await source.exec(
          `INSERT INTO person_src (id, name, first_name, born, changed_at) VALUES ${sqlRows([1001, 1002, 1003, 1004, 1005].map((k) => [k, `Muster${String(k)}`, 'Beat', '02.03.1981', later] as const))}`,
        );
        const overlapRows = Array.from({ length: ROWS }, (_, i) => i + 1).filter((k) => k > ROWS - 30 && !edited.includes(k)).length;

        const second = await run(target, source.connector(SOURCE_SYSTEM), personMapping(delta));
        expectBalancedDelta(second);
        const e = second.entities[0]!;
        expect(e.extracted).toBe(edited.length + 5 + overlapRows);
        expect({ inserted: e.inserted, updated: e.updated, unchanged: e.unchanged }).toEqual({ inserted: 5, updated: edited.length, unchanged: overlapRows });
        const d = second.delivery!.entities.find((x) => x.entity === 'person')!;
        expect(d).toMatchObject({ previousLive: ROWS, inserted: 5, deleted: 0, live: ROWS + 5, balanced: true });
        expect(second.delta?.mappings[0]).toMatchObject({
          mode: 'stamp',
          readAfter: expect.stringMatching(new RegExp(`^${stampAt(ROWS - 30, 'T')}`)),
          markCommitted: true,
        });
        expect(second.delta?.mappings[0]?.previousMark?.slice(0, 19)).toBe(stampAt(ROWS, 'T'));
        expect((await storedMark(backend, 'stamp'))?.slice(0, 19)).toBe(stampAt(ROWS + 60, 'T'));
        expect(renderRunReportHtml(second)).toContain('Delta reads');
        expect(renderRunReportMarkdown(second)).toContain('## Delta reads');

        // A source row deleted now is not seen by a delta run: nothing is tombstoned, the record stays live.
        await source.exec('DELETE FROM person_src WHERE id = 10');
        const quiet = await run(target, source.connector(SOURCE_SYSTEM), personMapping(delta));
        expect(quiet.status).toBe('passed');
        expect(quiet.entities[0]?.extracted).toBe(edited.length + 5); // only the overlap window below the new mark
        expect(quiet.delivery?.deletedCount).toBe(0);
        await source.exec(
          `INSERT INTO person_src (id, name, first_name, born, changed_at) VALUES ${sqlRows([[10, 'Muster10', 'Anna', '01.02.1980', stampAt(10)]])}`,
        );

        // The store equals a fresh full migration of the final source.
        const fresh = await backend.target('stamp-fresh');
        const full = await run(fresh, source.connector(SOURCE_SYSTEM), personMapping(undefined));
        expect(full.entities[0]?.extracted).toBe(ROWS + 5);
        expect(await livePersons(backend, 'stamp')).toEqual(await livePersons(backend, 'stamp-fresh'));
      },
      TIMEOUT,
    );

    it(
      'a growing key reads only the rows after its mark (new rows, never edits)',
      async () => {
        const source = await sqlSource();
        await createPersonTable(source, 200);
        const target = await backend.target('growing');
        const delta: DeltaDeclaration = { growingKey: 'id' };
        const first = await run(target, source.connector(SOURCE_SYSTEM), personMapping(delta));
        expect(first.entities[0]?.extracted).toBe(200);
        expect(await storedMark(backend, 'growing')).toBe('200');
        await source.exec(
          `INSERT INTO person_src (id, name, first_name, born, changed_at) VALUES ${sqlRows([201, 202, 203].map((k) => [k, `Muster${String(k)}`, 'Beat', '02.03.1981', null] as const))}`,
        );
        await source.exec("UPDATE person_src SET name = 'Anders' WHERE id = 5");
        const second = await run(target, source.connector(SOURCE_SYSTEM), personMapping(delta));
        expectBalancedDelta(second);
        expect(second.entities[0]).toMatchObject({ extracted: 3, inserted: 3, updated: 0 });
        expect(second.delta?.mappings[0]).toMatchObject({ mode: 'growing-key', previousMark: '200', readAfter: '200', mark: '203', markCommitted: true });
        expect(await storedMark(backend, 'growing')).toBe('203');
        // Nothing new: a quiet delivery passes (no "empty source" threshold) and keeps the mark.
        const third = await run(target, source.connector(SOURCE_SYSTEM), personMapping(delta));
        expect(third.status).toBe('passed');
        expect(third.entities[0]?.extracted).toBe(0);
        expect(await storedMark(backend, 'growing')).toBe('203');
      },
      TIMEOUT,
    );

    it(
      'a failed run and a dry run do not advance the mark; the next good run reads the same rows again',
      async () => {
        const source = await sqlSource();
        await createPersonTable(source, 100);
        const target = await backend.target('failed');
        const delta: DeltaDeclaration = { stamp: 'changed_at', overlap: 'PT0S' };
        await run(target, source.connector(SOURCE_SYSTEM), personMapping(delta));
        const mark = await storedMark(backend, 'failed');
        expect(mark?.slice(0, 19)).toBe(stampAt(100, 'T'));
        const later = stampAt(200);
        await source.exec(`UPDATE person_src SET born = '31.02.1980', changed_at = '${later}' WHERE id = 7`);
        await source.exec(`UPDATE person_src SET name = 'Neu', changed_at = '${later}' WHERE id = 8`);
        const strict: MigrationOptions = { ...OPTIONS, thresholds: [{ metric: 'quarantined', maxCount: 0, severity: 'error' }] };
        const failed = await run(target, source.connector(SOURCE_SYSTEM), personMapping(delta), strict);
        expect(failed.status).toBe('failed');
        expect(failed.entities[0]?.extracted).toBe(2);
        expect(failed.delta?.mappings[0]).toMatchObject({ markCommitted: false });
        expect(await storedMark(backend, 'failed')).toBe(mark);
        const dry = await run(target, source.connector(SOURCE_SYSTEM), personMapping(delta), OPTIONS, true);
        expect(dry.entities[0]?.extracted).toBe(2);
        expect(dry.delta?.mappings[0]).toMatchObject({ markCommitted: false });
        expect(await storedMark(backend, 'failed')).toBe(mark);
        await source.exec("UPDATE person_src SET born = '01.02.1980' WHERE id = 7");
        const fixed = await run(target, source.connector(SOURCE_SYSTEM), personMapping(delta));
        expectBalancedDelta(fixed);
        // Row 8 was written by the failed run already, row 7 is back to what the store holds: both unchanged.
        expect(fixed.entities[0]).toMatchObject({ extracted: 2, quarantined: 0, unchanged: 2 });
        expect((await storedMark(backend, 'failed'))?.slice(0, 19)).toBe(stampAt(200, 'T'));
      },
      TIMEOUT,
    );

    it(
      'a cancelled delta run keeps the mark; its resume reads from the same bound and then advances it',
      async () => {
        const source = await sqlSource();
        await createPersonTable(source, 100);
        const target = await backend.target('resume');
        const delta: DeltaDeclaration = { stamp: 'changed_at', overlap: '5 minutes' };
        await run(target, source.connector(SOURCE_SYSTEM), personMapping(delta));
        const mark = await storedMark(backend, 'resume');
        const later = stampAt(500);
        await source.exec(`UPDATE person_src SET name = CONCAT('Neu', name), changed_at = '${later}' WHERE id <= 40`);
        const definition = (): ReturnType<typeof defineMigration> =>
          defineMigration({
            name: 'delta',
            source: source.connector(SOURCE_SYSTEM),
            commune: TEST_COMMUNE,
            sourceSystem: SOURCE_SYSTEM,
            mappings: [defineMapping(personMapping(delta))],
            target,
            options: { batchSize: 10, pipelineDepth: 1 },
          });
        const controller = new AbortController();
        const runId = randomUUID();
        let committed = 0;
        const cancelled = await runMigration(definition(), {
          runId,
          signal: controller.signal,
          keepTargetOpen: true,
          onProgress: (e) => {
            if (e.type === 'batch-committed' && ++committed === 1) controller.abort();
          },
        });
        expect(cancelled.status).toBe('cancelled');
        expect(cancelled.entities[0]!.extracted).toBeLessThan(45);
        expect(await storedMark(backend, 'resume')).toBe(mark);
        const resumed = await runMigration(definition(), { runId, resume: true, keepTargetOpen: true });
        expect(resumed).toMatchObject({ status: 'passed', resumed: true });
        // 40 edited rows plus the 5 rows inside the overlap window, over both sessions.
        expect(resumed.entities[0]).toMatchObject({ extracted: 45, balanced: true });
        expect(resumed.delta?.mappings[0]?.readAfter?.slice(0, 19)).toBe(stampAt(95, 'T'));
        expect((await storedMark(backend, 'resume'))?.slice(0, 19)).toBe(stampAt(500, 'T'));
      },
      TIMEOUT,
    );

    it(
      'declaration errors name the mapping and the field',
      async () => {
        const source = await sqlSource();
        await createPersonTable(source, 3);
        const target = await backend.target('declaration');
        await expect(run(target, source.connector(SOURCE_SYSTEM), personMapping({ stamp: 'modified', overlap: '5 minutes' }))).rejects.toMatchObject({
          code: 'CB_MAPPING_INVALID',
          details: { mapping: 'person', field: 'delta.stamp', column: 'modified' },
        });
        await expect(run(target, source.connector(SOURCE_SYSTEM), personMapping({ stamp: 'name', overlap: '5 minutes' }))).rejects.toMatchObject({
          code: 'CB_MAPPING_INVALID',
          details: { mapping: 'person', field: 'delta.stamp', column: 'name' },
        });
        await expect(run(target, source.connector(SOURCE_SYSTEM), personMapping({ stamp: 'id', overlap: '5 minutes' }))).rejects.toMatchObject({
          code: 'CB_MAPPING_INVALID',
          details: { mapping: 'person', field: 'delta.overlap' },
        });
        expect(() => defineMapping(personMapping({ stamp: 'changed_at', overlap: 'soon' }))).toThrow(
          expect.objectContaining({ code: 'CB_MAPPING_INVALID', details: expect.objectContaining({ mapping: 'person', field: 'delta.overlap' }) }),
        );
      },
      TIMEOUT,
    );
  }

  it.skipIf(!files)(
    'a file source filters while streaming: the second run reads the changed rows plus the overlap window',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'cb-delta-files-'));
      const write = (rows: readonly (readonly [number, string, string])[]): void => {
        writeFileSync(
          path.join(dir, 'person.csv'),
          `${['id;name;first_name;born;changed_at', ...rows.map(([k, name, at]) => `${String(k)};${name};Anna;01.02.1980;${at}`)].join('\n')}\n`,
        );
      };
      const rows = Array.from({ length: 300 }, (_, i) => [i + 1, `Muster${String(i + 1)}`, stampAt(i + 1, 'T')] as [number, string, string]);
      write(rows);
      const connector = (): Connector =>
        createFileConnector({
          name: SOURCE_SYSTEM,
          baseDir: dir,
          tables: { person_src: { file: 'person.csv', format: 'csv', delimiter: ';', keyColumn: 'id', columns: { id: 'integer', changed_at: 'timestamp' } } },
        });
      const target = await backend.target('files');
      const delta: DeltaDeclaration = { stamp: 'changed_at', overlap: '10 minutes' };
      const first = await run(target, connector(), personMapping(delta));
      expect(first.entities[0]?.extracted).toBe(300);
      rows[41] = [42, 'Neu42', stampAt(400, 'T')];
      rows.push([301, 'Muster301', stampAt(400, 'T')], [302, 'Muster302', '']);
      write(rows);
      const second = await run(target, connector(), personMapping(delta));
      expectBalancedDelta(second);
      // Changed 42, new 301, unstamped 302 (always read), and keys 291..300 inside the 10-minute window below the mark.
      expect(second.entities[0]).toMatchObject({ extracted: 3 + 10, inserted: 2, updated: 1, unchanged: 10 });
      expect(second.delta?.mappings[0]).toMatchObject({ unstampedRows: 1, markCommitted: true });
      const fresh = await backend.target('files-fresh');
      await run(fresh, connector(), personMapping(undefined));
      expect(await livePersons(backend, 'files')).toEqual(await livePersons(backend, 'files-fresh'));
    },
    TIMEOUT,
  );
}
