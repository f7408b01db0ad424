/**
 * A mapping over a join (budget line → budget → case, examples/joins/budget-line-mappings.ts) migrates
 * from MariaDB and from CSV files into PGlite with the same records and balanced accounting: the lines
 * whose budget is missing or NULL are counted as the inner join's named filter, never dropped silently.
 * The same lines read through a query source give the same records. docs/mappings.md quotes the example.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { budgetLines, budgetLinesByQuery, budgets, cases, persons } from '../examples/joins/budget-line-mappings.js';
import { createFileConnector, type FileTableConfig } from '../src/connectors/files/index.js';
import { createMysqlConnector } from '../src/connectors/mysql/index.js';
import type { Connector } from '../src/core/connector/connector.js';
import type { NormalizedType } from '../src/core/connector/source-value.js';
import { defineMigration } from '../src/mappings/define-migration.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import type { SourceMapping } from '../src/core/pipeline/source-mapping.js';
import type { RunReport } from '../src/core/report/run-report.js';
import { createPgliteTarget, type PgliteTarget } from '../src/targets/pglite/index.js';
import { createMariaDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';
import { TEST_COMMUNE } from './helpers/tenant.js';

type Cell = string | number | null;
const TABLES: Readonly<Record<string, { columns: Readonly<Record<string, [string, NormalizedType]>>; rows: Cell[][] }>> = {
  person: {
    columns: { person_id: ['INT PRIMARY KEY', 'integer'], name: ['VARCHAR(40)', 'string'], first_name: ['VARCHAR(40)', 'string'] },
    rows: [
      [1, 'Muster', 'Anna'],
      [2, 'Beispiel', 'Ben'],
      [3, 'Test', 'Cleo'],
    ],
  },
  fall: {
    columns: { case_id: ['INT PRIMARY KEY', 'integer'], person_id: ['INT', 'integer'], opened_on: ['DATE', 'date'] },
    rows: [
      [10, 1, '2024-01-01'],
      [11, 2, '2024-02-01'],
      [12, 3, '2024-03-01'],
      [13, 1, '2024-04-01'],
    ],
  },
  budget: {
    columns: { budget_id: ['INT PRIMARY KEY', 'integer'], case_id: ['INT', 'integer'], period_from: ['DATE', 'date'] },
    rows: [
      [100, 10, '2024-01-01'],
      [101, 11, '2024-02-01'],
      [102, 12, '2024-03-01'],
      [103, 13, '2024-04-01'],
    ],
  },
  budget_line: {
    columns: { line_id: ['INT PRIMARY KEY', 'integer'], budget_id: ['INT NULL', 'integer'], amount: ['DECIMAL(12,2)', 'decimal'] },
    // Lines 11 and 12 have no budget (a dangling and a NULL reference): the inner join's filter.
    rows: [...Array.from({ length: 10 }, (_, i): Cell[] => [i + 1, 100 + (i % 4), `${(i + 1) * 100}.50`]), [11, 777, '5.00'], [12, null, '6.00']],
  },
};

const MAPPINGS = [persons, cases, budgets, budgetLines];
const stores: PgliteTarget[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const store of stores) await store.close();
  for (const cleanup of cleanups) await cleanup();
});

async function migrate(source: Connector, mappings: readonly SourceMapping[]): Promise<{ report: RunReport; lines: Record<string, unknown>[] }> {
  const target = createPgliteTarget({});
  stores.push(target);
  const definition = defineMigration({ name: 'joins', source, commune: TEST_COMMUNE, sourceSystem: 'kiss-joins', mappings, target, options: { batchSize: 3 } });
  const report = await runMigration(definition, { keepTargetOpen: true });
  const lines = (
    await target.pglite.query<Record<string, unknown>>(
      'SELECT id::text AS id, budget_id::text AS budget_id, person_id::text AS person_id, amount_rappen::text AS amount FROM casebridge.budget_line ORDER BY amount_rappen',
    )
  ).rows;
  return { report, lines };
}

function expectBalanced(report: RunReport): void {
  expect(report.errors).toEqual([]);
  expect(report.entities.every((e) => e.balanced && e.extracted === e.loaded + e.filtered + e.quarantined)).toBe(true);
  const lines = report.entities.find((e) => e.mapping === 'budget-line');
  expect(lines).toMatchObject({ extracted: 12, loaded: 10, filtered: 2, quarantined: 0, filteredByRule: { 'join-unmatched-b': 2 } });
}

function csvSource(): Connector {
  const dir = mkdtempSync(path.join(tmpdir(), 'cb-joins-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  const tables: Record<string, FileTableConfig> = {};
  for (const [name, table] of Object.entries(TABLES)) {
    const lines = [Object.keys(table.columns).join(';'), ...table.rows.map((row) => row.map((v) => (v === null ? '' : String(v))).join(';'))];
    writeFileSync(path.join(dir, `${name}.csv`), `${lines.join('\n')}\n`);
    tables[name] = {
      format: 'csv',
      file: `${name}.csv`,
      delimiter: ';',
      columns: Object.fromEntries(Object.entries(table.columns).map(([c, [, type]]) => [c, type])),
    };
  }
  return createFileConnector({ name: 'kiss-joins', baseDir: dir, tables });
}

async function mariaSource(): Promise<Connector> {
  const db: TestDatabase = await createMariaDatabase('cbjoins');
  cleanups.push(() => db.drop());
  const connection = await mysql.createConnection(db.url);
  try {
    for (const [name, table] of Object.entries(TABLES)) {
      await connection.query(
        `CREATE TABLE ${name} (${Object.entries(table.columns)
          .map(([c, [ddl]]) => `${c} ${ddl}`)
          .join(', ')})`,
      );
      await connection.query(`INSERT INTO ${name} VALUES ?`, [table.rows]);
    }
  } finally {
    await connection.end();
  }
  return createMysqlConnector({ name: 'kiss-joins', connectionString: db.url });
}

// PGlite starts slowly: each source is migrated once and shared by the tests below.
let fromFilesRun: ReturnType<typeof migrate> | undefined;
const fromFiles = (): ReturnType<typeof migrate> => (fromFilesRun ??= migrate(csvSource(), MAPPINGS));
let fromMariaRun: ReturnType<typeof migrate> | undefined;
const fromMariaJoin = async (): ReturnType<typeof migrate> => (fromMariaRun ??= migrate(await mariaSource(), MAPPINGS));

describe('a join source from CSV files', { timeout: 300_000 }, () => {
  it('migrates budget lines with the person of their case; lines without a budget are the filter join-unmatched-b', async () => {
    const { report, lines } = await fromFiles();
    expectBalanced(report);
    expect(lines).toHaveLength(10);
    expect(lines.every((l) => l['person_id'] !== null && l['budget_id'] !== null)).toBe(true);
  });
});

await describeWithService('mariadb', 'a join source from MariaDB', () => {
  it('migrates the same records as from CSV files, with the same accounting', { timeout: 300_000 }, async () => {
    const files = await fromFiles();
    const maria = await fromMariaJoin();
    expectBalanced(maria.report);
    expect(maria.lines).toEqual(files.lines);
    expect(maria.report.entities.map((e) => [e.mapping, e.extracted, e.loaded, e.filtered])).toEqual(
      files.report.entities.map((e) => [e.mapping, e.extracted, e.loaded, e.filtered]),
    );
  });

  it('a query source gives the same records (its inner JOIN drops the lines SQL-side: 10 extracted)', { timeout: 300_000 }, async () => {
    const fromJoin = await fromMariaJoin();
    const fromQuery = await migrate(await mariaSource(), [persons, cases, budgets, budgetLinesByQuery]);
    expect(fromQuery.report.errors).toEqual([]);
    expect(fromQuery.report.entities.find((e) => e.mapping === 'budget-line')).toMatchObject({ extracted: 10, loaded: 10, balanced: true });
    expect(fromQuery.lines).toEqual(fromJoin.lines);
  });
});

describe('docs/mappings.md', () => {
  it('quotes the example mappings this test runs', () => {
    const docs = readFileSync(new URL('../docs/mappings.md', import.meta.url), 'utf8');
    const example = readFileSync(new URL('../examples/joins/budget-line-mappings.ts', import.meta.url), 'utf8');
    const body = example.slice(example.indexOf('export const budgetLines ='), example.indexOf('// A query source')).trim();
    expect(docs).toContain(body);
    const query = example.slice(example.indexOf('export const budgetLinesByQuery')).trim();
    expect(docs).toContain(query);
  });
});
