/**
 * Generates the SQL of the canonical store from the EntitySchemas, deterministically (same schemas →
 * same statements, byte for byte). The output is frozen into a checked-in migration
 * (`migrations/canonical-store-ddl.ts`); a test regenerates it from the current model and fails when
 * the model changed without a migration. The statements run unchanged on PostgreSQL and PGlite.
 */
import type { EntitySchema, EntitySchemaColumnOptions } from 'typeorm';
import { SchemaError } from '../../core/errors.js';
import { qualifiedTable, quoteIdentifier } from './store-identifiers.js';
import { STORE_SCHEMA } from './store-model.js';

/** The statements that create (`up`) and drop (`down`) the canonical tables. */
export interface CanonicalStoreDdl {
  readonly up: readonly string[];
  readonly down: readonly string[];
}

function columnSql(entity: string, key: string, options: EntitySchemaColumnOptions): string {
  if (typeof options.type !== 'string') {
    throw new SchemaError('A canonical column has no SQL type.', { details: { entity, property: key } });
  }
  const type = options.length === undefined ? options.type : `${options.type}(${String(options.length)})`;
  const notNull = options.primary === true || options.nullable === false ? ' NOT NULL' : '';
  let defaultSql = '';
  if (typeof options.default === 'function') defaultSql = ` DEFAULT ${String((options.default as () => string)())}`;
  else if (options.default !== undefined) {
    throw new SchemaError('Canonical columns take SQL defaults only.', { details: { entity, property: key } });
  }
  return `${quoteIdentifier(options.name ?? key)} ${type}${notNull}${defaultSql}`;
}

function tableStatements(schema: EntitySchema): { create: string[]; drop: string } {
  const { options } = schema;
  const table = options.tableName ?? options.name;
  const target = qualifiedTable(options.schema ?? STORE_SCHEMA, table);
  const entries = Object.entries(options.columns) as [string, EntitySchemaColumnOptions][];
  const lines = entries.map(([key, column]) => `  ${columnSql(options.name, key, column)}`);
  const primary = entries.filter(([, column]) => column.primary === true);
  const firstPrimary = primary[0];
  if (firstPrimary === undefined) {
    throw new SchemaError('A canonical table has no primary key.', { details: { entity: options.name } });
  }
  const pkName = firstPrimary[1].primaryKeyConstraintName ?? `pk_${table}`;
  const pkColumns = primary.map(([key, column]) => quoteIdentifier(column.name ?? key)).join(', ');
  lines.push(`  CONSTRAINT ${quoteIdentifier(pkName)} PRIMARY KEY (${pkColumns})`);
  const create = [`CREATE TABLE ${target} (\n${lines.join(',\n')}\n)`];
  for (const index of options.indices ?? []) {
    if (index.name === undefined || !Array.isArray(index.columns)) {
      throw new SchemaError('A canonical index needs a name and a column list.', { details: { entity: options.name } });
    }
    const columns = index.columns.map((key) => {
      const column = options.columns[key];
      if (column === undefined) {
        throw new SchemaError('A canonical index names an unknown column.', { details: { entity: options.name, property: key } });
      }
      return quoteIdentifier(column.name ?? key);
    });
    const where = index.where === undefined ? '' : ` WHERE ${index.where}`;
    create.push(`CREATE${index.unique === true ? ' UNIQUE' : ''} INDEX ${quoteIdentifier(index.name)} ON ${target} (${columns.join(', ')})${where}`);
  }
  return { create, drop: `DROP TABLE ${target}` };
}

/**
 * The DDL of the canonical store. `up` creates the schema (if missing), the tables and their indexes;
 * `down` drops the tables in reverse order. The schema itself stays: it also holds the migrations table.
 */
export function generateCanonicalStoreDdl(schemas: readonly EntitySchema[]): CanonicalStoreDdl {
  const up = [`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(STORE_SCHEMA)}`];
  const down: string[] = [];
  for (const schema of schemas) {
    const { create, drop } = tableStatements(schema);
    up.push(...create);
    down.unshift(drop);
  }
  return { up, down };
}

function literal(statement: string): string {
  return `\`${statement.replaceAll('\\', '\\\\').replaceAll('`', '\\`').replaceAll('${', '\\${')}\``;
}

/**
 * The text of `migrations/canonical-store-ddl.ts`: the frozen statements of the first migration.
 * Written by `writeCanonicalStoreDdlModule` (see scripts/generators/store-ddl.ts).
 */
export function renderCanonicalStoreDdlModule(ddl: CanonicalStoreDdl): string {
  const list = (items: readonly string[]): string => items.map((s) => `  ${literal(s)},`).join('\n');
  return [
    '/**',
    ' * Generated from the canonical model (src/targets/typeorm/canonical-store-ddl-module.ts, npm run generate).',
    ' * Frozen SQL of the first canonical-store migration; the freshness test compares it with the DDL',
    ' * regenerated from the current model. When the model changes, add a new migration.',
    ' */',
    '',
    '/** Statements that create the canonical store (schema, tables, indexes), in order. */',
    'export const CANONICAL_STORE_DDL: readonly string[] = Object.freeze([',
    list(ddl.up),
    ']);',
    '',
    '/** Statements that drop the canonical tables again, in order. */',
    'export const CANONICAL_STORE_DROP_DDL: readonly string[] = Object.freeze([',
    list(ddl.down),
    ']);',
    '',
  ].join('\n');
}
