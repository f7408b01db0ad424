/**
 * How one canonical entity sits in its table, as far as loading and reading back are concerned: which
 * property lives in which column, with which SQL type. Derived from the model registry through the
 * store schema's one type rule (`columnTypeFor`), so the staging tables, the upsert and the read-back
 * use exactly the types the canonical tables were created with.
 */
import { SchemaError, ERROR_CODES } from '../../core/errors.js';
import { columnTypeFor, sqlTypeName } from '../typeorm/column-type-map.js';
import type { StoreSqlType } from '../typeorm/column-type-map.js';
import { qualifiedTable, quoteIdentifier } from '../typeorm/store-identifiers.js';
import { STORE_SCHEMA } from '../typeorm/store-model.js';
import type { StoreModel, StorePropertyDefinition } from '../typeorm/store-model.js';

/** One property ↔ column pair. */
export interface ColumnLayout {
  /** JSON property name (camelCase). */
  readonly property: string;
  /** Column name (snake_case). */
  readonly column: string;
  /** Quoted column name for SQL. */
  readonly quoted: string;
  /** The store's column type. */
  readonly type: StoreSqlType;
  /** SQL spelling of the type, for staging tables and casts. */
  readonly sqlType: string;
  /** JSON type of the property's value (without null). */
  readonly jsonType: string;
  /** Money (integer Rappen or an exact decimal string). */
  readonly money: boolean;
  /** Required in the JSON Schema: a NULL column reads back as `null`, not as an absent key. */
  readonly required: boolean;
}

/** One canonical entity's table. */
export interface EntityLayout {
  readonly entity: string;
  readonly table: string;
  /** Schema-qualified, quoted table name. */
  readonly qualified: string;
  /** Property columns in model order (`id` among them). */
  readonly columns: readonly ColumnLayout[];
  /** Column layout by property name. */
  readonly byProperty: ReadonlyMap<string, ColumnLayout>;
}

/** Every entity's layout, in the model's load order (referenced entities first). */
export interface ModelLayout {
  readonly version: string;
  readonly entities: readonly EntityLayout[];
  /** The layout of `entity`; throws SchemaError CB_UNKNOWN_ENTITY. */
  entity(name: string): EntityLayout;
  /** Position of the entity in load order. */
  order(name: string): number;
}

function columnLayout(entity: string, property: StorePropertyDefinition): ColumnLayout {
  const columnType = columnTypeFor(property, entity);
  return {
    property: property.name,
    column: property.column,
    quoted: quoteIdentifier(property.column),
    type: columnType.type,
    sqlType: sqlTypeName(columnType),
    jsonType: property.jsonType,
    money: property.money,
    required: property.required,
  };
}

/** Builds the layouts of every entity of `model` in schema `schema` (default `casebridge`). */
export function buildModelLayout(model: StoreModel, schema: string = STORE_SCHEMA): ModelLayout {
  const entities = model.entities.map((e): EntityLayout => {
    const columns = e.properties.map((p) => columnLayout(e.name, p));
    if (!columns.some((c) => c.property === 'id')) {
      throw new SchemaError('A canonical entity has no id property.', { details: { entity: e.name } });
    }
    return {
      entity: e.name,
      table: e.table,
      qualified: qualifiedTable(schema, e.table),
      columns,
      byProperty: new Map(columns.map((c) => [c.property, c])),
    };
  });
  const byName = new Map(entities.map((e, i) => [e.entity, { layout: e, index: i }]));
  const lookup = (name: string): { layout: EntityLayout; index: number } => {
    const found = byName.get(name);
    if (found === undefined) {
      throw new SchemaError('The canonical model has no entity of this name.', {
        code: ERROR_CODES.UNKNOWN_ENTITY,
        details: { entity: name },
      });
    }
    return found;
  };
  return {
    version: model.version,
    entities,
    entity: (name) => lookup(name).layout,
    order: (name) => lookup(name).index,
  };
}

/** The column of `property` in `layout`; throws SchemaError naming entity and property. */
export function columnOf(layout: EntityLayout, property: string): ColumnLayout {
  const column = layout.byProperty.get(property);
  if (column === undefined) {
    throw new SchemaError('The canonical entity has no property of this name.', {
      details: { entity: layout.entity, property },
    });
  }
  return column;
}

/**
 * Records grouped by entity, referenced entities first (the model's load order, so foreign keys hold
 * where the store has them); an unknown entity throws SchemaError CB_UNKNOWN_ENTITY before any write.
 */
export function groupInLoadOrder<R extends { readonly entity: string }>(model: ModelLayout, records: readonly R[]): [EntityLayout, R[]][] {
  const groups = new Map<string, R[]>();
  for (const record of records) {
    let group = groups.get(record.entity);
    if (group === undefined) groups.set(record.entity, (group = []));
    group.push(record);
  }
  return [...groups.entries()].sort(([a], [b]) => model.order(a) - model.order(b)).map(([entity, group]) => [model.entity(entity), group]);
}
