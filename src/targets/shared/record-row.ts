/**
 * Record ↔ row conversion. Writing renders each property as the text PostgreSQL parses into its column
 * (no floats for money, JSON for jsonb); reading rebuilds exactly the representation a mapping
 * produces (dates `YYYY-MM-DD`, integer Rappen as numbers, date-times as `Date#toISOString()`), so the
 * content hash recomputed from a stored row equals the hash computed at map time.
 */
import { ERROR_CODES, QueryError, SchemaError } from '../../core/errors.js';
import type { ColumnLayout, EntityLayout } from './entity-layout.js';
import { LINEAGE_PROPERTY } from './lineage-elision.js';
import { LINEAGE_REF_COLUMN, recordLineageRefSql } from '../ledger/record-lineage-ddl.js';

function typeMismatch(layout: EntityLayout, column: ColumnLayout, id: string): QueryError {
  // The canonical id is a technical, deterministic uuid; the value itself is never named.
  return new QueryError('A record value does not fit its canonical column type.', {
    code: ERROR_CODES.DATA_EXCEPTION,
    details: { entity: layout.entity, property: column.property, columnType: column.type, id },
  });
}

/** Renders one property value as the text PostgreSQL reads into its column (null for SQL NULL). */
export function renderValue(layout: EntityLayout, column: ColumnLayout, value: unknown, id: string): string | null {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'jsonb':
      return JSON.stringify(value);
    case 'boolean':
      if (typeof value !== 'boolean') throw typeMismatch(layout, column, id);
      return value ? 't' : 'f';
    case 'integer':
    case 'bigint':
      // Money is integer Rappen: a float here would be a silent rounding, so it is refused.
      if (typeof value === 'bigint') return value.toString();
      if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
      if (typeof value === 'string' && /^-?\d+$/.test(value)) return value;
      throw typeMismatch(layout, column, id);
    case 'numeric':
      if (typeof value === 'number' && Number.isFinite(value)) return String(value);
      if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return value;
      if (typeof value === 'bigint') return value.toString();
      throw typeMismatch(layout, column, id);
    default:
      if (typeof value !== 'string') throw typeMismatch(layout, column, id);
      return value;
  }
}

/**
 * The row fields of a record, in `layout.columns` order. A record property without a column would be
 * lost silently on load (and only found later by reconciliation), so it is refused here.
 * `elideLineage`: the `lineage` column is written NULL (its lineage row holds it; see `lineage-elision.ts`).
 */
export function recordToFields(layout: EntityLayout, id: string, record: Readonly<Record<string, unknown>>, elideLineage = false): (string | null)[] {
  for (const key of Object.keys(record)) {
    if (!layout.byProperty.has(key)) {
      throw new SchemaError('A record has a property its canonical table has no column for.', {
        details: { entity: layout.entity, property: key, id },
      });
    }
  }
  return layout.columns.map((column) =>
    elideLineage && column.property === LINEAGE_PROPERTY ? null : renderValue(layout, column, record[column.property], id),
  );
}

/**
 * The SELECT expression that reads `column` of `layout`'s row alias `t` back in the form `rowToRecord`
 * expects. Date-times are formatted in UTC with milliseconds, exactly like `Date#toISOString()`. The
 * `lineage` column comes with its elided lineage row's reference: pass the rows through
 * `resolveRecordLineage` before `rowToRecord`.
 */
export function readExpression(layout: EntityLayout, column: ColumnLayout, alias: string): string {
  const ref = `${alias}.${column.quoted}`;
  if (column.property === LINEAGE_PROPERTY && column.type === 'jsonb')
    return `${ref} AS ${column.quoted}, ${recordLineageRefSql(layout.entity, alias, column.quoted)} AS ${LINEAGE_REF_COLUMN}`;
  if (column.type === 'timestamptz') return `${timestampText(ref)} AS ${column.quoted}`;
  if (column.type === 'date') return `${ref}::text AS ${column.quoted}`;
  if (column.type === 'bigint' || column.type === 'numeric') return `${ref}::text AS ${column.quoted}`;
  return `${ref} AS ${column.quoted}`;
}

/** The SELECT list that reads every column of `layout`'s row alias `alias` back (see `readExpression`). */
export function readColumns(layout: EntityLayout, alias: string, columns: readonly ColumnLayout[] = layout.columns): string {
  return columns.map((c) => readExpression(layout, c, alias)).join(', ');
}

/** A timestamptz as `Date#toISOString()` spells it (UTC, milliseconds). */
export function timestampText(ref: string): string {
  return `to_char(${ref} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

function readValue(column: ColumnLayout, raw: unknown): unknown {
  if (typeof raw !== 'string') return raw; // booleans, int4, parsed jsonb, already in record form
  switch (column.type) {
    case 'bigint': {
      if (column.jsonType !== 'integer') return raw;
      const n = Number(raw);
      // Outside the safe range a number would not be the value stored; keep the exact text so the
      // recomputed hash differs and reconciliation reports it instead of hiding it.
      return Number.isSafeInteger(n) ? n : raw;
    }
    case 'numeric':
      return column.jsonType === 'number' ? Number(raw) : raw;
    case 'integer':
      return Number(raw);
    case 'jsonb':
      return JSON.parse(raw) as unknown;
    default:
      return raw;
  }
}

/**
 * Rebuilds a record from a row read with `readExpression`. A NULL column reads back as an absent key,
 * except for required properties, whose key is always present (then `null`): the same shape a mapping
 * produces when it leaves optional properties out.
 */
export function rowToRecord(layout: EntityLayout, row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const column of layout.columns) {
    const raw = row[column.column];
    if (raw === null || raw === undefined) {
      if (column.required) record[column.property] = null;
      continue;
    }
    record[column.property] = readValue(column, raw);
  }
  return record;
}
