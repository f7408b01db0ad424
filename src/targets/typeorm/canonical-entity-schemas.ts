/**
 * TypeORM EntitySchemas of the canonical store, derived from the model registry (no decorators, no
 * classes: records stay plain objects keyed by their JSON property names). One schema per canonical
 * entity, one column per property plus the engine's system columns, `id` as primary key and an index
 * on every uuid reference column and every lookup column (`lookup-indexes.ts`); reference indexes on nullable columns are partial
 * (`IS NOT NULL`). Only `src/targets/typeorm` imports TypeORM.
 */
import { EntitySchema } from 'typeorm';
import type { EntitySchemaColumnOptions, EntitySchemaIndexOptions } from 'typeorm';
import { SchemaError } from '../../core/errors.js';
import { columnTypeFor } from './column-type-map.js';
import type { StoreColumnType } from './column-type-map.js';
import { primaryKeyName, referenceIndexName } from './store-identifiers.js';
import { STORE_SCHEMA } from './store-model.js';
import type { StoreEntityDefinition, StoreModel, StorePropertyDefinition } from './store-model.js';
import { isLookupIndexed } from './lookup-indexes.js';
import { SYSTEM_COLUMNS, TENANT_COLUMNS } from './system-columns.js';

/** Options of {@link buildEntitySchema}. */
export interface EntitySchemaOptions {
  /**
   * Include the tenant columns (`cb_commune`, `cb_source_system`; default true). Only the frozen first
   * migration is generated without them: a later migration adds them.
   */
  readonly tenantColumns?: boolean;
}
import { getModel } from '../../core/model/model-registry.js';

/** A canonical row as TypeORM sees it: JSON property name → value. */
export type CanonicalRow = Record<string, unknown>;

/** The TypeORM property key of a system column (`content_hash` → `contentHash`). */
export function systemColumnKey(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** Whether a property's column may hold NULL: only a required, non-nullable property is NOT NULL. */
export function isColumnNullable(property: StorePropertyDefinition): boolean {
  return !(property.required && !property.nullable);
}

function typeOptions(type: StoreColumnType): Pick<EntitySchemaColumnOptions, 'type' | 'length'> {
  return type.length === undefined ? { type: type.type } : { type: type.type, length: type.length };
}

function propertyColumn(entity: StoreEntityDefinition, property: StorePropertyDefinition): EntitySchemaColumnOptions {
  const type = columnTypeFor(property, entity.name);
  if (property.name === 'id') {
    if (type.type !== 'uuid') {
      throw new SchemaError('The id property of a canonical entity must be a uuid.', { details: { entity: entity.name } });
    }
    return { ...typeOptions(type), name: property.column, primary: true, primaryKeyConstraintName: primaryKeyName(entity.table) };
  }
  return { ...typeOptions(type), name: property.column, nullable: isColumnNullable(property) };
}

function checkNames(entity: StoreEntityDefinition): void {
  const columns = new Set<string>();
  for (const property of entity.properties) {
    if (columns.has(property.column)) {
      throw new SchemaError('Two properties of a canonical entity map to the same column.', {
        details: { entity: entity.name, column: property.column },
      });
    }
    columns.add(property.column);
  }
  for (const system of [...SYSTEM_COLUMNS, ...TENANT_COLUMNS]) {
    if (columns.has(system.column) || entity.properties.some((p) => p.name === systemColumnKey(system.column))) {
      throw new SchemaError('A model property collides with a system column of the canonical store.', {
        details: { entity: entity.name, column: system.column },
      });
    }
  }
  if (!entity.properties.some((p) => p.name === 'id')) {
    throw new SchemaError('A canonical entity has no id property.', { details: { entity: entity.name } });
  }
}

/**
 * Whether a property gets a btree index: a single uuid reference to another record. Arrays of
 * references live in jsonb and are not indexed here (a GIN index can come with the query that needs it).
 */
export function isIndexedReference(property: StorePropertyDefinition): boolean {
  return property.references !== undefined && property.name !== 'id' && property.jsonType === 'string' && property.format === 'uuid';
}

/** The EntitySchema of one canonical entity. */
export function buildEntitySchema(entity: StoreEntityDefinition, options: EntitySchemaOptions = {}): EntitySchema<CanonicalRow> {
  checkNames(entity);
  const columns: Record<string, EntitySchemaColumnOptions> = {};
  for (const property of entity.properties) columns[property.name] = propertyColumn(entity, property);
  for (const system of SYSTEM_COLUMNS) {
    columns[systemColumnKey(system.column)] = {
      ...typeOptions(system.type),
      name: system.column,
      nullable: false,
      ...(system.defaultSql === undefined ? {} : { default: literalDefault(system.defaultSql) }),
    };
  }
  if (options.tenantColumns !== false) {
    for (const tenant of TENANT_COLUMNS) columns[systemColumnKey(tenant.column)] = { ...typeOptions(tenant.type), name: tenant.column, nullable: true };
  }
  const indices: EntitySchemaIndexOptions[] = entity.properties
    .filter((p) => isIndexedReference(p) || isLookupIndexed(entity.name, p.name))
    .map((p) => {
      const index: EntitySchemaIndexOptions = { name: referenceIndexName(entity.table, p.column), columns: [p.name] };
      // Partial on nullable columns: most references are rarely filled (a booking's budget, claim,
      // reversal), and a full index still writes an entry for every NULL. Lookups (`col = $1`) imply
      // NOT NULL, so the planner uses the partial index for them.
      return isIndexedReference(p) && isColumnNullable(p) ? { ...index, where: `"${p.column}" IS NOT NULL` } : index;
    });
  return new EntitySchema<CanonicalRow>({
    name: entity.name,
    tableName: entity.table,
    schema: STORE_SCHEMA,
    columns,
    indices,
  });
}

/** TypeORM's way to say "this default is SQL, not a literal value". */
function literalDefault(sql: string): () => string {
  return () => sql;
}

/** One EntitySchema per canonical entity of `model`, in model order. */
export function buildCanonicalEntitySchemas(model: StoreModel, options: EntitySchemaOptions = {}): EntitySchema<CanonicalRow>[] {
  const tables = new Set<string>();
  return model.entities.map((entity) => {
    if (tables.has(entity.table)) {
      throw new SchemaError('Two canonical entities map to the same table.', { details: { table: entity.table } });
    }
    tables.add(entity.table);
    return buildEntitySchema(entity, options);
  });
}

/** The EntitySchemas of the canonical model shipped with the package (see `getModel`). */
export function canonicalEntitySchemas(): EntitySchema<CanonicalRow>[] {
  return buildCanonicalEntitySchemas(getModel());
}
