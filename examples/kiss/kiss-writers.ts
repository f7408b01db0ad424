/**
 * Writes a planned KiSS source (kiss-source.ts) twice: into a MariaDB database (DDL without foreign keys
 * and, for `BaPerson_Relation`, without a primary key, as legacy installations have them; sql_mode off so
 * the zero date can be stored) and as the vendor's CSV export: Windows-1252, `;`, dd.mm.yyyy dates
 * (`00.00.0000` for the zero date), amounts with `'` thousands separators. `kissCsvTables` is the file
 * connector configuration that reads that export back.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import mysql from 'mysql2/promise';
import type { FileTableConfig } from '../../src/connectors/files/index.js';
import { KISS_TABLES, type KissCell, type KissColumnKind, type KissPlan, type KissTableName } from './kiss-tables.js';

const MARIADB_TYPES: Readonly<Record<KissColumnKind, string>> = { int: 'INT NULL', text: 'VARCHAR(120) NULL', date: 'DATE NULL', money: 'DECIMAL(12,2) NULL' };

const tableNames = (): KissTableName[] => Object.keys(KISS_TABLES) as KissTableName[];

/** Creates the tables in the (empty) MariaDB database at `url` and inserts every planned row. */
export async function writeKissMariaDb(url: string, plan: KissPlan): Promise<void> {
  const conn = await mysql.createConnection({ uri: url, charset: 'utf8mb4' });
  try {
    // Legacy installations run without strict mode; the zero birth date needs it.
    await conn.query("SET SESSION sql_mode = ''");
    for (const name of tableNames()) {
      const table = KISS_TABLES[name];
      const columns = Object.entries(table.columns).map(([c, kind]) => `\`${c}\` ${MARIADB_TYPES[kind]}`);
      const key = table.primaryKey ? `, PRIMARY KEY (${table.key.map((k) => `\`${k}\``).join(', ')})` : '';
      await conn.query(`CREATE TABLE \`${name}\` (${columns.join(', ')}${key}) CHARACTER SET utf8mb4`);
      const rows = plan[name];
      for (let i = 0; i < rows.length; i += 500) await conn.query(`INSERT INTO \`${name}\` VALUES ?`, [rows.slice(i, i + 500)]);
    }
  } finally {
    await conn.end();
  }
}

/** `1234.50` → `1'234.50` (the export's money format). */
function swissMoney(text: string): string {
  const [francs = '', cents = '00'] = text.split('.');
  return `${francs.replace(/\B(?=(\d{3})+(?!\d))/g, "'")}.${cents}`;
}

function csvCell(value: KissCell, kind: KissColumnKind): string {
  if (value === null) return '';
  if (kind === 'date') {
    const [y, m, d] = String(value).split('-');
    return `${d}.${m}.${y}`;
  }
  if (kind === 'money') return swissMoney(String(value));
  const text = String(value);
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes one Windows-1252 CSV file per table into `dir` (created if needed). */
export function writeKissCsvExport(dir: string, plan: KissPlan): void {
  mkdirSync(dir, { recursive: true });
  for (const name of tableNames()) {
    const kinds = Object.values(KISS_TABLES[name].columns) as KissColumnKind[];
    const lines = [Object.keys(KISS_TABLES[name].columns).join(';'), ...plan[name].map((row) => row.map((v, i) => csvCell(v, kinds[i]!)).join(';'))];
    writeFileSync(path.join(dir, `${name}.csv`), iconv.encode(`${lines.join('\r\n')}\r\n`, 'windows-1252'));
  }
}

/**
 * The file connector's tables for the export: Windows-1252, `;`, typed integers and dates (dd.mm.yyyy;
 * `00.00.0000` reads as an invalid source value, like MariaDB's zero date); amounts stay text, which the
 * mapping's `t.moneyRappen()` and the connector's control totals parse with the `'` grouping.
 */
export function kissCsvTables(): Record<string, FileTableConfig> {
  const tables: Record<string, FileTableConfig> = {};
  for (const name of tableNames()) {
    const table = KISS_TABLES[name];
    const columns: Record<string, 'integer' | 'date' | 'string'> = {};
    for (const [column, kind] of Object.entries(table.columns)) columns[column] = kind === 'int' ? 'integer' : kind === 'date' ? 'date' : 'string';
    tables[name] = { format: 'csv', file: `${name}.csv`, encoding: 'windows-1252', delimiter: ';', keyColumn: [...table.key], columns };
  }
  return tables;
}
