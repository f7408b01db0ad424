/**
 * The conformance kit against the file connector: the golden fixture is written as a CSV file and as a
 * JSON Lines file (every column declared with its fixture type), then the whole suite runs on each.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileConnector, type FileTableConfig } from '../src/connectors/files/index.js';
import { isInvalidSourceValue, type NormalizedType, type SourceValue } from '../src/core/connector/source-value.js';
import { describeConnectorConformance, type FixtureCaseId, type FixtureTable } from '../src/testing/index.js';

/** Every fixture case a file can represent (not zero dates or a latin1 column beside emoji). */
const FILE_CASES: readonly FixtureCaseId[] = [
  'uuid',
  'binary',
  'json',
  'time',
  'timestamptz',
  'unsigned-bigint',
  'tinyint-boolean',
  'money',
  'bit',
  'datetime2',
  'smalldatetime',
];

function csvField(value: SourceValue | undefined, type: NormalizedType): string {
  if (value === null || value === undefined) return '';
  if (isInvalidSourceValue(value)) throw new Error('the file fixture cannot hold invalid values');
  let text: string;
  if (value instanceof Uint8Array) text = Buffer.from(value).toString('base64');
  else if (type === 'json') text = JSON.stringify(value);
  else if (typeof value === 'object') throw new Error('unexpected object value');
  else text = String(value);
  return typeof value === 'string' || value instanceof Uint8Array || type === 'json' ? `"${text.replaceAll('"', '""')}"` : text;
}

function toCsv(table: FixtureTable): string {
  const lines = [table.columns.map((c) => c.name).join(',')];
  for (const row of table.rows) lines.push(table.columns.map((c) => csvField(row[c.name], c.type)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function toJsonLines(table: FixtureTable): string {
  return table.rows
    .map((row) => {
      const object: Record<string, unknown> = {};
      for (const c of table.columns) {
        const v = row[c.name];
        object[c.name] = v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v;
      }
      return JSON.stringify(object);
    })
    .join('\n');
}

function tableConfig(table: FixtureTable, format: 'csv' | 'jsonl', file: string): FileTableConfig {
  const columns = Object.fromEntries(table.columns.map((c) => [c.name, c.type]));
  return { format, file, columns, keyColumn: table.primaryKey };
}

for (const format of ['csv', 'jsonl'] as const) {
  describeConnectorConformance({
    name: `files (${format})`,
    expectations: {
      cases: FILE_CASES,
      // Files carry no declared lengths or precisions.
      introspectsSizes: false,
      // Files join in a stream but run no SQL.
      queries: false,
    },
    setup: async (fixture) => {
      const dir = mkdtempSync(join(tmpdir(), `cb-conformance-${format}-`));
      const tables: Record<string, FileTableConfig> = {};
      for (const table of Object.values(fixture.tables)) {
        const file = `${table.name}.${format}`;
        writeFileSync(join(dir, file), format === 'csv' ? toCsv(table) : toJsonLines(table), 'utf8');
        tables[table.name] = tableConfig(table, format, file);
      }
      return {
        connector: createFileConnector({ name: `conformance-${format}`, baseDir: dir, tables }),
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  });
}
