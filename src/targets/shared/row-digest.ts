/**
 * The row digest that lets the hash witness run in the store (issue 15, "reconciliation in bulk").
 * At load time the digest of the texts a row was written with is kept in its lineage row
 * (`cb_lineage.row_digest`); reconciliation recomputes it from the stored columns in one SQL pass and
 * reads back only the rows whose digest disagrees.
 *
 * Both sides spell a row the same way: a JSON array of each column's text as PostgreSQL prints it
 * (`json_build_array(column::text, …)`, NULL as `null`, date-times as the read-back prints them), md5,
 * as a uuid.
 * Node knows that text for every type except jsonb, which PostgreSQL normalises: `jsonbText` writes
 * it the way PostgreSQL prints jsonb. Where the two spellings could differ (a number with an exponent,
 * a value that is no plain JSON), no digest is recorded, so the row is judged by the full read-back:
 * a digest can only send a row to the slow path, never wave a changed row through.
 */
import { createHash } from 'node:crypto';
import type { LoadRecord } from '../../core/pipeline/canonical-target.js';
import type { EntityLayout } from './entity-layout.js';
import { timestampText } from './record-row.js';

/** Object keys in jsonb order: shorter first, then by bytes. */
function jsonbKeyOrder(a: string, b: string): number {
  const la = Buffer.byteLength(a);
  const lb = Buffer.byteLength(b);
  if (la !== lb) return la - lb;
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function isSkipped(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/**
 * `value` as PostgreSQL prints it after storing it as jsonb (`jsonb::text`), or undefined where that is
 * not certain (numbers PostgreSQL would respell, values JSON has no plain form for).
 */
export function jsonbText(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number': {
      if (!Number.isFinite(value)) return undefined;
      const text = JSON.stringify(value);
      // PostgreSQL prints jsonb numbers as numeric, without the exponent JavaScript may use.
      return /[eE]/.test(text) ? undefined : text;
    }
    case 'object': {
      const parts: string[] = [];
      if (Array.isArray(value)) {
        for (const item of value as unknown[]) {
          const text = isSkipped(item) ? 'null' : jsonbText(item);
          if (text === undefined) return undefined;
          parts.push(text);
        }
        return `[${parts.join(', ')}]`;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return undefined;
      const keys = Object.keys(value)
        .filter((k) => !isSkipped((value as Record<string, unknown>)[k]))
        .sort(jsonbKeyOrder);
      for (const key of keys) {
        const text = jsonbText((value as Record<string, unknown>)[key]);
        if (text === undefined) return undefined;
        parts.push(`${JSON.stringify(key)}: ${text}`);
      }
      return `{${parts.join(', ')}}`;
    }
    default:
      return undefined;
  }
}

function uuidOfMd5(text: string): string {
  const h = createHash('md5').update(text, 'utf8').digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The digest of a row as written: `fields` are the texts rendered for `layout.columns` (see
 * `recordToFields`), `record` the record they came from (for jsonb). Undefined when unsure (see above).
 */
export function rowDigest(layout: EntityLayout, fields: readonly (string | null)[], record: Readonly<Record<string, unknown>>): string | undefined {
  const parts: string[] = [];
  for (let i = 0; i < layout.columns.length; i += 1) {
    const column = layout.columns[i]!;
    const field = fields[i] ?? null;
    if (field === null) {
      parts.push('null');
      continue;
    }
    let text: string | undefined = field;
    if (column.type === 'boolean') text = field === 't' ? 'true' : 'false';
    else if (column.type === 'jsonb') text = jsonbText(record[column.property]);
    if (text === undefined) return undefined;
    parts.push(JSON.stringify(text));
  }
  return uuidOfMd5(`[${parts.join(', ')}]`);
}

/** Most arguments a PostgreSQL function call takes (`FUNC_MAX_ARGS`). */
const MAX_FUNCTION_ARGS = 100;

/** The SQL expression of the same digest over the stored row `alias` of `layout`'s table (a uuid). */
export function rowDigestSql(layout: EntityLayout, alias: string): string {
  const texts = layout.columns.map((column) =>
    column.type === 'timestamptz' ? timestampText(`${alias}.${column.quoted}`) : `${alias}.${column.quoted}::text`,
  );
  // json_build_array prints `["a", null]` like the chain below, about 30 % cheaper, but takes at most 100 arguments.
  if (texts.length <= MAX_FUNCTION_ARGS) return `md5(json_build_array(${texts.join(', ')})::text)::uuid`;
  const parts = texts.map((text) => `coalesce(to_json(${text})::text, 'null')`);
  return `md5('[' || ${parts.join(` || ', ' || `)} || ']')::uuid`;
}

/** Keeps `record`'s digest in `digests` (when there is one and a map to keep it in). */
export function rememberDigest(
  digests: Map<LoadRecord, string> | undefined,
  load: LoadRecord,
  layout: EntityLayout,
  fields: readonly (string | null)[],
  record: Readonly<Record<string, unknown>>,
): void {
  if (digests === undefined) return;
  const digest = rowDigest(layout, fields, record);
  if (digest !== undefined) digests.set(load, digest);
}
