/**
 * Control totals of the file connector. There is no database to ask, so the connector computes them
 * itself by streaming the file once more, independently of the mapping: counts and exact sums
 * (BigInt on decimal text, never floats) per calendar year of a date column and per groupBy values.
 *
 * Rules: dates and amounts are read as the mapping transforms read them (the same parsers: Swiss
 * `dd.mm.yyyy`, ISO, partial dates; `1'234.50`, `CHF 1'100.00`, `850.–`, `1234,50`). A year column
 * value that is NULL or not a date counts under year `null` (an unknown year, as NULL in SQL); a sum
 * column value that is not an amount makes the total fail with a SourceFormatError naming the table,
 * column, record ordinal and row key, because an exact total cannot skip it.
 */
import type { ControlTotalRow, ControlTotals, ControlTotalSpec } from '../../core/connector/connector.js';
import { isInvalidSourceValue, type SourceValue } from '../../core/connector/source-value.js';
import { conditionColumns, conditionsHold } from '../../core/connector/control-total-condition.js';
import { SourceFormatError } from '../../core/errors.js';
import { DecimalSum, parseDecimalText } from '../shared/decimal-text.js';
import { sourceAmountToRappen, yearOf as yearOfValue } from '../../core/pipeline/exact-money.js';
import { RECORD_ORDINAL_COLUMN } from './files-config.js';
import type { FileDriver } from './files-driver.js';
import { streamRows } from './files-rows.js';

/** The calendar year of a date/timestamp text, or null (the engine's reading, see `exact-money.ts`). */
export function yearOf(value: SourceValue): number | null {
  return typeof value === 'string' ? yearOfValue(value) : null;
}

/** A group value as text (what a SQL source would CAST to text), or null. */
export function groupText(value: SourceValue): string | null {
  if (value === null) return null;
  if (isInvalidSourceValue(value)) return value.raw;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  return JSON.stringify(value);
}

interface Group {
  readonly group: Record<string, string | number | null>;
  count: number;
  readonly sums: Map<string, DecimalSum>;
}

function compareGroups(a: Group, b: Group, keys: readonly string[]): number {
  for (const key of keys) {
    const x = a.group[key] ?? null;
    const y = b.group[key] ?? null;
    if (x === y) continue;
    if (x === null) return -1;
    if (y === null) return 1;
    return typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/** ControlTotals computed by streaming the table file. */
export class FileControlTotals implements ControlTotals {
  constructor(private readonly driver: FileDriver) {}

  /** Counts and exact sums per year and group, ordered by year (NULL first), then group values. */
  async compute(spec: ControlTotalSpec): Promise<readonly ControlTotalRow[]> {
    const table = this.driver.table(spec.table);
    const groupBy = spec.groupBy ?? [];
    const sumColumns = spec.sumColumns ?? [];
    const columns = [
      ...new Set([
        ...(spec.yearColumn ? [spec.yearColumn] : []),
        ...groupBy,
        ...sumColumns,
        ...conditionColumns(spec.where),
        ...conditionColumns(spec.negateWhen),
      ]),
    ];
    const negate = spec.negateWhen !== undefined && spec.negateWhen.length > 0 ? spec.negateWhen : undefined;
    const keyOf = (row: Readonly<Record<string, SourceValue>>, ordinal: number): string =>
      table.keyColumns.map((k) => (k === RECORD_ORDINAL_COLUMN ? String(ordinal) : (groupText(row[k] ?? null) ?? ''))).join('|');
    const groups = new Map<string, Group>();
    const projection = [...new Set([...columns, ...table.keyColumns.filter((k) => k !== RECORD_ORDINAL_COLUMN)])];
    for await (const { ordinal, row } of streamRows(table, { columns: projection })) {
      if (!conditionsHold(spec.where, row)) continue;
      const negated = negate !== undefined && conditionsHold(negate, row);
      const group: Record<string, string | number | null> = {};
      if (spec.yearColumn) group.year = yearOf(row[spec.yearColumn] ?? null);
      for (const column of groupBy) group[column] = groupText(row[column] ?? null);
      const id = JSON.stringify(group);
      let entry = groups.get(id);
      if (!entry) {
        entry = { group, count: 0, sums: new Map(sumColumns.map((c) => [c, new DecimalSum()])) };
        groups.set(id, entry);
      }
      entry.count += 1;
      for (const column of sumColumns) {
        const amount = this.#amount(row[column] ?? null, table.decimalSeparator);
        if (amount === undefined) {
          const key = keyOf(row, ordinal);
          throw new SourceFormatError(
            `Table "${spec.table}": column "${column}" of record ${ordinal} (key ${key}) is not an amount; control totals need every amount.`,
            {
              details: { table: spec.table, column, record: ordinal, key },
            },
          );
        }
        if (amount !== null) entry.sums.get(column)?.add(negated ? negateAmount(amount) : amount);
      }
    }
    const keys = [...(spec.yearColumn ? ['year'] : []), ...groupBy];
    return [...groups.values()]
      .sort((a, b) => compareGroups(a, b, keys))
      .map((g) => ({ group: g.group, count: g.count, sums: Object.fromEntries([...g.sums].map(([c, s]) => [c, s.toString()])) }));
  }

  /**
   * null for NULL, canonical decimal text or a number, undefined when the value is no amount. Plain
   * decimals keep every digit; Swiss money text (`CHF 1'100.00`, `850.–`, `1234,50`) goes through the
   * money transform's parser and comes back as CHF with two decimals.
   */
  #amount(value: SourceValue, separator: '.' | ','): string | number | null | undefined {
    if (value === null) return null;
    if (typeof value === 'number') return Number.isFinite(value) && !/e/i.test(String(value)) ? value : undefined;
    if (typeof value !== 'string') return undefined;
    if (value.trim() === '') return null;
    const plain = parseDecimalText(value, separator);
    if (plain !== undefined) return plain;
    const rappen = sourceAmountToRappen(value, 'chf', separator === ',' ? ',' : 'auto');
    return rappen === null ? undefined : rappenToChfText(rappen);
  }
}

/** The amount with the opposite sign (decimal text stays text, so no digit is lost). */
function negateAmount(amount: string | number): string | number {
  if (typeof amount === 'number') return amount === 0 ? 0 : -amount;
  return amount.startsWith('-') ? amount.slice(1) : /^0*(\.0*)?$/.test(amount) ? amount : `-${amount}`;
}

/** Integer Rappen as CHF decimal text (`123450n` → `1234.50`). */
function rappenToChfText(rappen: bigint): string {
  const sign = rappen < 0n ? '-' : '';
  const abs = rappen < 0n ? -rappen : rappen;
  return `${sign}${(abs / 100n).toString()}.${(abs % 100n).toString().padStart(2, '0')}`;
}
