/**
 * The one rule that turns a canonical JSON Schema property into a PostgreSQL column type. The
 * EntitySchemas, the generated DDL and therefore the migration all go through it.
 */
import { SchemaError } from '../../core/errors.js';
import type { StorePropertyDefinition } from './store-model.js';

/** The PostgreSQL column types the canonical store uses (TypeORM spelling). */
export type StoreSqlType = 'uuid' | 'date' | 'timestamptz' | 'varchar' | 'text' | 'integer' | 'bigint' | 'numeric' | 'boolean' | 'jsonb';

/** A column type, with a length for `varchar`. */
export interface StoreColumnType {
  readonly type: StoreSqlType;
  readonly length?: number;
}

/** Longest text of a `partial-date` (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`). */
const PARTIAL_DATE_LENGTH = 10;
/** Length of a `year-month` (`YYYY-MM`). */
const YEAR_MONTH_LENGTH = 7;

/**
 * The column type of a property. Money is never a float: integer Rappen become `bigint`, exact decimal
 * strings `numeric`. Calendar dates are `date`; partial dates and months stay text so that no day is
 * invented.
 */
export function columnTypeFor(property: StorePropertyDefinition, entity = '?'): StoreColumnType {
  switch (property.jsonType) {
    case 'object':
    case 'array':
      return { type: 'jsonb' };
    case 'boolean':
      return { type: 'boolean' };
    case 'integer':
      return { type: property.money ? 'bigint' : 'integer' };
    case 'number':
      return { type: 'numeric' };
    case 'string':
      return stringColumnType(property);
    default:
      throw new SchemaError('A model property has a JSON type the canonical store cannot map to a column.', {
        details: { entity, property: property.name, jsonType: property.jsonType },
      });
  }
}

function stringColumnType(property: StorePropertyDefinition): StoreColumnType {
  switch (property.format) {
    case 'uuid':
      return { type: 'uuid' };
    case 'date':
      return { type: 'date' };
    case 'date-time':
      return { type: 'timestamptz' };
    case 'partial-date':
      return { type: 'varchar', length: PARTIAL_DATE_LENGTH };
    case 'year-month':
      return { type: 'varchar', length: YEAR_MONTH_LENGTH };
    default:
      break;
  }
  if (property.money) return { type: 'numeric' };
  return property.maxLength === undefined ? { type: 'text' } : { type: 'varchar', length: property.maxLength };
}

/** The SQL spelling of a column type as it appears in DDL. */
export function sqlTypeName(columnType: StoreColumnType): string {
  return columnType.type === 'varchar' && columnType.length !== undefined ? `varchar(${String(columnType.length)})` : columnType.type;
}
