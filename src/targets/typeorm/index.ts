/**
 * The canonical store's schema as TypeORM sees it: EntitySchemas derived from the model registry, the
 * frozen migrations, and a DataSource that runs them on PostgreSQL. The only folder that imports TypeORM.
 */
export {
  buildCanonicalEntitySchemas,
  type EntitySchemaOptions,
  buildEntitySchema,
  canonicalEntitySchemas,
  isColumnNullable,
  isIndexedReference,
  systemColumnKey,
  type CanonicalRow,
} from './canonical-entity-schemas.js';
export {
  createCanonicalDataSource,
  migratePostgresStore,
  runCanonicalMigrations,
  type CanonicalDataSourceOptions,
} from './canonical-data-source.js';
export { CANONICAL_STORE_DDL_MODULE_PATH, canonicalStoreDdlModule } from './canonical-store-ddl-module.js';
export { columnTypeFor, sqlTypeName, type StoreColumnType, type StoreSqlType } from './column-type-map.js';
export {
  CANONICAL_MIGRATIONS_TABLE,
  CANONICAL_STORE_DDL,
  CANONICAL_STORE_DROP_DDL,
  CANONICAL_STORE_MIGRATION_CLASSES,
  CreateCanonicalStore1795305600000,
  AddTenantKey1795310000000,
  AddPersonRelationAndCaseContainer1795360000000,
  FrozenSqlMigration,
  canonicalStoreMigrations,
  type CanonicalMigration,
} from './migrations/index.js';
export { LOOKUP_INDEXES, isLookupIndexed, type LookupIndex } from './lookup-indexes.js';
export { generateCanonicalStoreDdl, renderCanonicalStoreDdlModule, type CanonicalStoreDdl } from './store-ddl.js';
export { primaryKeyName, qualifiedTable, referenceIndexName } from './store-identifiers.js';
export { STORE_SCHEMA, type StoreEntityDefinition, type StoreModel, type StorePropertyDefinition } from './store-model.js';
export { SYSTEM_COLUMNS, SYSTEM_COLUMN_NAMES, TENANT_COLUMNS, type SystemColumn, type TenantColumn } from './system-columns.js';
