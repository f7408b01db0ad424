/**
 * Introspector of the file connector: tables are the configured files; columns come from the CSV
 * header (JSON Lines: the declared columns plus every key seen) with their declared type, `string`
 * (CSV) or `json` (JSON Lines) otherwise; the row count is counted by streaming the whole file.
 */
import type { ColumnMetadata, Introspector, TableMetadata } from '../../core/connector/connector.js';
import type { NormalizedType } from '../../core/connector/source-value.js';
import { RECORD_ORDINAL_COLUMN, type ResolvedFileTable } from './files-config.js';
import type { FileDriver } from './files-driver.js';
import { streamFileRecords } from './files-record-stream.js';
import { validateHeader } from './files-row-builder.js';

function column(table: ResolvedFileTable, name: string, fallback: NormalizedType): ColumnMetadata {
  const declared = Object.hasOwn(table.columns, name) ? table.columns[name] : undefined;
  const type = declared ?? fallback;
  return {
    name,
    dataType: table.format === 'csv' ? `csv:${type}` : `jsonl:${type}`,
    type,
    nullable: !table.keyColumns.includes(name),
    charset: table.format === 'csv' ? table.encoding : 'utf-8',
  };
}

/** Introspector over configured table files. */
export class FileIntrospector implements Introspector {
  constructor(private readonly driver: FileDriver) {}

  /** The configured table names. */
  async listTables(): Promise<readonly string[]> {
    return this.driver.tableNames();
  }

  /** Columns, key and exact record count of one table (streams the file once). */
  async describeTable(name: string): Promise<TableMetadata> {
    const table = this.driver.table(name);
    let names: string[] = table.format === 'csv' ? [...(table.columnNames ?? [])] : Object.keys(table.columns);
    const seen = new Set(names);
    let rowCount = 0;
    for await (const record of streamFileRecords(table)) {
      if (record.kind === 'csv') {
        if (record.ordinal === 0) names = [...record.fields];
        else rowCount += 1;
        continue;
      }
      rowCount += 1;
      for (const key of Object.keys(record.object)) {
        if (!seen.has(key)) {
          seen.add(key);
          names.push(key);
        }
      }
    }
    if (table.format === 'csv') validateHeader(name, names);
    const fallback: NormalizedType = table.format === 'csv' ? 'string' : 'json';
    const columns = names.map((n) => column(table, n, fallback));
    if (table.keyColumns[0] === RECORD_ORDINAL_COLUMN) {
      columns.unshift({ name: RECORD_ORDINAL_COLUMN, dataType: 'record-ordinal', type: 'integer', nullable: false, synthetic: true });
    }
    return { name, columns, primaryKey: table.keyColumns, foreignKeys: [], rowCount };
  }
}
