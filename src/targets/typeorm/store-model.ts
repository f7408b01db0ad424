/**
 * The part of the canonical model registry the store schema reads. Declared structurally (a subset of
 * `src/core/model/model-registry.ts`) so that the store schema depends only on the fields it uses and a
 * richer registry type is assignable to it without casts.
 */

/** The PostgreSQL schema (namespace) that holds every canonical table and the store's migration table. */
export const STORE_SCHEMA = 'casebridge';

/** One property of a canonical entity, as far as its column is concerned. */
export interface StorePropertyDefinition {
  /** JSON property name (camelCase). */
  readonly name: string;
  /** Column name (snake_case). */
  readonly column: string;
  /** JSON Schema `type` of the non-null value. */
  readonly jsonType: string;
  /** JSON Schema `format` (`uuid`, `date`, `date-time`, `partial-date`, `year-month`, ...). */
  readonly format?: string | undefined;
  /** Listed in the entity's `required`. */
  readonly required: boolean;
  /** Allows `null`. */
  readonly nullable: boolean;
  /** Money in Rappen (integer) or an exact decimal string. */
  readonly money: boolean;
  /** JSON Schema `maxLength` of a string. */
  readonly maxLength?: number | undefined;
  /** Name of the entity this uuid property points at. */
  readonly references?: string | undefined;
}

/** One canonical entity, as far as its table is concerned. */
export interface StoreEntityDefinition {
  /** Entity name (camelCase), e.g. `budgetLine`. */
  readonly name: string;
  /** Table name (snake_case), e.g. `budget_line`. */
  readonly table: string;
  readonly properties: readonly StorePropertyDefinition[];
}

/** The canonical model, as far as the store is concerned. */
export interface StoreModel {
  readonly version: string;
  readonly entities: readonly StoreEntityDefinition[];
}
