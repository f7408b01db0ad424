/**
 * Test support for the target-schema tests: reads the catalog of schema `casebridge` from PostgreSQL or
 * PGlite and checks it against the canonical model with its own, independent type-compatibility table
 * (it does not reuse the production column-type map, so a wrong mapping cannot prove itself right).
 */
import type { StoreModel, StorePropertyDefinition } from '../src/targets/typeorm/store-model.js';

/** Runs a query and returns its rows (pg and PGlite alike). */
export type QueryRows = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** One column as information_schema.columns describes it. */
export interface CatalogColumn {
  readonly table: string;
  readonly column: string;
  readonly dataType: string;
  readonly nullable: boolean;
  readonly maxLength: number | null;
  readonly default: string | null;
}

/** The parts of the catalog the tests compare. */
export interface Catalog {
  readonly columns: readonly CatalogColumn[];
  /** `table.index: definition`, sorted. */
  readonly indexes: readonly string[];
  /** `table.constraint: type`, sorted. */
  readonly constraints: readonly string[];
}

/** Reads the catalog of schema `casebridge`. */
export async function readCatalog(query: QueryRows, schema = 'casebridge'): Promise<Catalog> {
  const columns = await query(
    `SELECT table_name, column_name, data_type, is_nullable, character_maximum_length, column_default
       FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position`,
    [schema],
  );
  const indexes = await query(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = $1`, [schema]);
  const constraints = await query(
    `SELECT table_name, constraint_name, constraint_type FROM information_schema.table_constraints
      WHERE table_schema = $1 AND constraint_type <> 'CHECK'`,
    [schema],
  );
  return {
    columns: columns.map((r) => ({
      table: String(r['table_name']),
      column: String(r['column_name']),
      dataType: String(r['data_type']),
      nullable: r['is_nullable'] === 'YES',
      maxLength: r['character_maximum_length'] === null ? null : Number(r['character_maximum_length']),
      default: r['column_default'] === null ? null : String(r['column_default']),
    })),
    indexes: indexes.map((r) => `${String(r['tablename'])}.${String(r['indexname'])}: ${String(r['indexdef'])}`).sort(),
    constraints: constraints.map((r) => `${String(r['table_name'])}.${String(r['constraint_name'])}: ${String(r['constraint_type'])}`).sort(),
  };
}

/** Longest text of the text-kept date formats. */
const TEXT_FORMAT_LENGTH: Readonly<Record<string, number>> = { 'partial-date': 10, 'year-month': 7 };

/** The information_schema data types a property's column may have, and the least varchar length. */
export function acceptedColumn(p: StorePropertyDefinition): { dataTypes: readonly string[]; minLength?: number } {
  if (p.jsonType === 'object' || p.jsonType === 'array') return { dataTypes: ['jsonb'] };
  if (p.jsonType === 'boolean') return { dataTypes: ['boolean'] };
  if (p.jsonType === 'integer') return { dataTypes: p.money ? ['bigint'] : ['integer', 'bigint'] };
  if (p.jsonType === 'number') return { dataTypes: ['numeric'] };
  if (p.format === 'uuid') return { dataTypes: ['uuid'] };
  if (p.format === 'date') return { dataTypes: ['date'] };
  if (p.format === 'date-time') return { dataTypes: ['timestamp with time zone'] };
  const textLength = p.format === undefined ? undefined : TEXT_FORMAT_LENGTH[p.format];
  const minLength = textLength ?? p.maxLength;
  return minLength === undefined ? { dataTypes: ['text'] } : { dataTypes: ['text', 'character varying'], minLength };
}

/**
 * Every way the catalog disagrees with the model: a property without its column, a column of an
 * incompatible type or nullability, a column without a property (other than `systemColumns`), a table
 * without an entity (other than `extraTables`). Empty when they agree.
 */
export function parityMismatches(model: StoreModel, catalog: Catalog, systemColumns: ReadonlySet<string>, extraTables: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const byTable = new Map<string, CatalogColumn[]>();
  for (const c of catalog.columns) byTable.set(c.table, [...(byTable.get(c.table) ?? []), c]);
  for (const entity of model.entities) {
    const columns = new Map((byTable.get(entity.table) ?? []).map((c) => [c.column, c]));
    if (columns.size === 0) problems.push(`${entity.table}: table missing`);
    for (const p of entity.properties) {
      const column = columns.get(p.column);
      columns.delete(p.column);
      if (column === undefined) {
        problems.push(`${entity.table}.${p.column}: column missing for property ${p.name}`);
        continue;
      }
      const accepted = acceptedColumn(p);
      if (!accepted.dataTypes.includes(column.dataType)) {
        problems.push(`${entity.table}.${p.column}: type ${column.dataType}, expected ${accepted.dataTypes.join('|')}`);
      }
      if (column.dataType === 'character varying' && (column.maxLength === null || column.maxLength < (accepted.minLength ?? Infinity))) {
        problems.push(`${entity.table}.${p.column}: varchar(${String(column.maxLength)}) shorter than ${String(accepted.minLength)}`);
      }
      const shouldBeNullable = p.name !== 'id' && !(p.required && !p.nullable);
      if (column.nullable !== shouldBeNullable) {
        problems.push(`${entity.table}.${p.column}: nullable=${String(column.nullable)}, expected ${String(shouldBeNullable)}`);
      }
    }
    for (const system of systemColumns) {
      if (!columns.delete(system)) problems.push(`${entity.table}.${system}: system column missing`);
    }
    for (const extra of columns.keys()) problems.push(`${entity.table}.${extra}: column without a property`);
    byTable.delete(entity.table);
  }
  for (const table of byTable.keys()) if (!extraTables.has(table)) problems.push(`${table}: table without an entity`);
  return problems;
}
