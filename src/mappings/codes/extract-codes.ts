/**
 * Code extraction for code-list maps: every distinct value of a source code column with its frequency.
 * Sources with SQL count inside the database (`GROUP BY`, one pass, nothing personal leaves it but the
 * codes); file sources are streamed and counted in memory (one entry per distinct code).
 */
import type { Connector, ConnectorDriver } from '../../core/connector/connector.js';
import { isInvalidSourceValue, type SourceValue } from '../../core/connector/source-value.js';
import { ConfigurationError } from '../../core/errors.js';
import { codeKey } from './code-list-map.js';

/** What to extract. */
export interface ExtractCodesRequest {
  /** Source table (may be schema-qualified `schema.table` for SQL sources). */
  readonly table: string;
  /** The code column. */
  readonly column: string;
  /** An optional label column in the same table; the smallest label per code is taken. */
  readonly labelColumn?: string;
  /** Rows per batch when streaming (default 5000). */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
}

/** One distinct code and how often it occurs. */
export interface CodeFrequency {
  /** The code as text, trimmed (the key code-list maps use). */
  readonly code: string;
  readonly label?: string;
  readonly frequency: number;
}

/** The distinct codes of a column, by descending frequency, plus the rows without a code. */
export interface ExtractedCodes {
  readonly table: string;
  readonly column: string;
  /** `sql` when counted inside the source, `stream` when counted while reading. */
  readonly method: 'sql' | 'stream';
  readonly codes: readonly CodeFrequency[];
  /** Rows whose code is null, blank or unrepresentable. */
  readonly emptyCount: number;
}

const QUOTES: Readonly<Record<string, [string, string]>> = { mysql: ['`', '`'], mariadb: ['`', '`'], mssql: ['[', ']'] };

/** Counts the distinct codes of a column; opens and closes its own driver. */
export async function extractCodes(connector: Connector, request: ExtractCodesRequest): Promise<ExtractedCodes> {
  if (request.table.trim() === '' || request.column.trim() === '') {
    throw new ConfigurationError('Code extraction needs a table and a column.', { details: { table: request.table, column: request.column } });
  }
  const driver = connector.createDriver();
  await driver.init();
  try {
    const canSql = connector.adapter.dialect !== 'files' && typeof driver.query === 'function';
    return canSql ? await extractWithSql(connector.adapter.dialect, driver, request) : await extractByStreaming(connector, driver, request);
  } finally {
    await driver.destroy();
  }
}

function quote(dialect: string, name: string): string {
  const [open, close] = QUOTES[dialect] ?? ['"', '"'];
  return name
    .split('.')
    .map((part) => `${open}${part.split(close).join(close + close)}${close}`)
    .join('.');
}

async function extractWithSql(dialect: string, driver: ConnectorDriver, request: ExtractCodesRequest): Promise<ExtractedCodes> {
  const column = quote(dialect, request.column);
  const label = request.labelColumn === undefined ? '' : `, MIN(${quote(dialect, request.labelColumn)}) AS cb_label`;
  const sql = `SELECT ${column} AS cb_code, COUNT(*) AS cb_frequency${label} FROM ${quote(dialect, request.table)} GROUP BY ${column}`;
  const result = await driver.query!(sql);
  const counter = new CodeCounter();
  for (const row of result.rows) counter.add(row['cb_code'] ?? null, row['cb_label'] ?? null, Number(row['cb_frequency']));
  return counter.result(request, 'sql');
}

async function extractByStreaming(connector: Connector, driver: ConnectorDriver, request: ExtractCodesRequest): Promise<ExtractedCodes> {
  const reader = connector.createReader(driver);
  const columns = request.labelColumn === undefined ? [request.column] : [request.column, request.labelColumn];
  const counter = new CodeCounter();
  const batches = reader.read({
    table: request.table,
    columns,
    batchSize: request.batchSize ?? 5000,
    ...(request.signal === undefined ? {} : { signal: request.signal }),
  });
  for await (const batch of batches) {
    for (const row of batch.rows) counter.add(row[request.column] ?? null, request.labelColumn === undefined ? null : (row[request.labelColumn] ?? null), 1);
  }
  return counter.result(request, 'stream');
}

class CodeCounter {
  readonly #codes = new Map<string, { frequency: number; label?: string }>();
  #empty = 0;

  add(value: SourceValue, label: SourceValue, count: number): void {
    if (value === null || isInvalidSourceValue(value) || !(typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
      this.#empty += count;
      return;
    }
    const code = codeKey(value, false);
    if (code === '') {
      this.#empty += count;
      return;
    }
    const entry = this.#codes.get(code) ?? { frequency: 0 };
    entry.frequency += count;
    const text = typeof label === 'string' || typeof label === 'number' ? String(label).trim() : '';
    if (text !== '' && (entry.label === undefined || text < entry.label)) entry.label = text;
    this.#codes.set(code, entry);
  }

  result(request: ExtractCodesRequest, method: 'sql' | 'stream'): ExtractedCodes {
    const codes = [...this.#codes.entries()]
      .map(([code, e]) => (e.label === undefined ? { code, frequency: e.frequency } : { code, label: e.label, frequency: e.frequency }))
      .sort((a, b) => b.frequency - a.frequency || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    return { table: request.table, column: request.column, method, codes, emptyCount: this.#empty };
  }
}
