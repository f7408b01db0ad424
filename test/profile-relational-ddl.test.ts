/**
 * The relational profile's DDL for MariaDB, PostgreSQL and SQL Server declares the same tables and
 * columns, with equivalent types, as the generator's table list (`RELATIONAL_TABLES`). The SQL Server
 * file cannot be executed here, so it is parsed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RELATIONAL_TABLES, relationalAssetsDir, ddlStatements, type RelationalColumnType } from '../src/profiles/relational/index.js';

type Dialect = 'mariadb' | 'postgres' | 'mssql';

/** Native type (upper case, without length) → coarse type, per dialect. */
const TYPES: Readonly<Record<Dialect, Readonly<Record<string, RelationalColumnType>>>> = {
  mariadb: {
    INT: 'int',
    BIGINT: 'bigint',
    DECIMAL: 'decimal',
    VARCHAR: 'text',
    CHAR: 'text',
    DATE: 'date',
    DATETIME: 'timestamp',
    'TINYINT(1)': 'boolean',
    LONGBLOB: 'binary',
  },
  postgres: {
    INT: 'int',
    BIGINT: 'bigint',
    DECIMAL: 'decimal',
    VARCHAR: 'text',
    CHAR: 'text',
    DATE: 'date',
    TIMESTAMP: 'timestamp',
    BOOLEAN: 'boolean',
    BYTEA: 'binary',
  },
  mssql: {
    INT: 'int',
    BIGINT: 'bigint',
    DECIMAL: 'decimal',
    NVARCHAR: 'text',
    NCHAR: 'text',
    DATE: 'date',
    DATETIME2: 'timestamp',
    BIT: 'boolean',
    'VARBINARY(MAX)': 'binary',
  },
};

/** Tables → columns → coarse type, parsed from one DDL file. */
function parseDdl(dialect: Dialect): Record<string, Record<string, RelationalColumnType | string>> {
  const sql = readFileSync(path.join(relationalAssetsDir(), 'ddl', `${dialect}.sql`), 'utf8');
  const tables: Record<string, Record<string, RelationalColumnType | string>> = {};
  for (const statement of ddlStatements(sql)) {
    const head = /^CREATE TABLE (?:dbo\.)?"?(\w+)"? \(([\s\S]*)\)$/.exec(statement);
    expect(head, statement.slice(0, 40)).not.toBeNull();
    const columns: Record<string, string> = {};
    for (const line of head![2]!.split('\n').map((l) => l.trim().replace(/,$/, ''))) {
      if (line === '' || /^(PRIMARY KEY|KEY|UNIQUE|CONSTRAINT)\b/.test(line)) continue;
      const col = /^"?(\w+)"? ([A-Z0-9]+(?:\((?:1|MAX)\))?)/.exec(line);
      expect(col, line).not.toBeNull();
      const native = col![2]!;
      columns[col![1]!] = TYPES[dialect][native] ?? `unknown:${native}`;
    }
    tables[head![1]!] = columns;
  }
  return tables;
}

describe('relational profile DDL', () => {
  it.each(['mariadb', 'postgres', 'mssql'] as const)("%s declares exactly the generator's tables, columns (in order) and types", (dialect) => {
    const parsed = parseDdl(dialect);
    expect(Object.keys(parsed)).toEqual(Object.keys(RELATIONAL_TABLES));
    for (const [table, columns] of Object.entries(RELATIONAL_TABLES)) {
      expect(Object.entries(parsed[table]!), `${dialect}.${table}`).toEqual(Object.entries(columns));
    }
  });

  it("stores document contents in the dialect's BLOB type", () => {
    const blobs = (['mariadb', 'postgres', 'mssql'] as const).map(
      (d) => /"?Inhalt"? ([A-Z]+(?:\(MAX\))?)/.exec(readFileSync(path.join(relationalAssetsDir(), 'ddl', `${d}.sql`), 'utf8'))?.[1],
    );
    expect(blobs).toEqual(['LONGBLOB', 'BYTEA', 'VARBINARY(MAX)']);
  });
});
