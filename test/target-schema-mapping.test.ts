/**
 * The rules that turn canonical properties into store columns, table-driven: JSON type/format/money →
 * column type, required/nullable → NOT NULL, reference → index, names within PostgreSQL's 63 bytes, and
 * model mistakes refused with SchemaError. Also: the PGlite path never loads TypeORM.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isCasebridgeError } from '../src/core/errors.js';
import { buildCanonicalEntitySchemas, buildEntitySchema, isColumnNullable } from '../src/targets/typeorm/canonical-entity-schemas.js';
import { columnTypeFor, sqlTypeName, type StoreColumnType } from '../src/targets/typeorm/column-type-map.js';
import { generateCanonicalStoreDdl } from '../src/targets/typeorm/store-ddl.js';
import { primaryKeyName, referenceIndexName } from '../src/targets/typeorm/store-identifiers.js';
import type { StoreEntityDefinition, StorePropertyDefinition } from '../src/targets/typeorm/store-model.js';

function prop(overrides: Partial<StorePropertyDefinition> & Pick<StorePropertyDefinition, 'jsonType'>): StorePropertyDefinition {
  return { name: 'value', column: 'value', required: false, nullable: false, money: false, ...overrides };
}

const ID = prop({ name: 'id', column: 'id', jsonType: 'string', format: 'uuid', required: true });

describe('column type of a property', () => {
  const cases: [string, StorePropertyDefinition, StoreColumnType][] = [
    ['uuid', prop({ jsonType: 'string', format: 'uuid', maxLength: 36 }), { type: 'uuid' }],
    ['calendar date', prop({ jsonType: 'string', format: 'date', maxLength: 10 }), { type: 'date' }],
    ['instant', prop({ jsonType: 'string', format: 'date-time' }), { type: 'timestamptz' }],
    ['partial date', prop({ jsonType: 'string', format: 'partial-date', maxLength: 10 }), { type: 'varchar', length: 10 }],
    ['year-month', prop({ jsonType: 'string', format: 'year-month', maxLength: 7 }), { type: 'varchar', length: 7 }],
    ['money in Rappen', prop({ jsonType: 'integer', money: true }), { type: 'bigint' }],
    ['plain integer', prop({ jsonType: 'integer' }), { type: 'integer' }],
    ['number', prop({ jsonType: 'number' }), { type: 'numeric' }],
    ['exact decimal money string', prop({ jsonType: 'string', money: true }), { type: 'numeric' }],
    ['boolean', prop({ jsonType: 'boolean' }), { type: 'boolean' }],
    ['object', prop({ jsonType: 'object' }), { type: 'jsonb' }],
    ['array', prop({ jsonType: 'array', references: 'person' }), { type: 'jsonb' }],
    ['bounded string', prop({ jsonType: 'string', maxLength: 13 }), { type: 'varchar', length: 13 }],
    ['unbounded string', prop({ jsonType: 'string' }), { type: 'text' }],
    ['unknown format, bounded', prop({ jsonType: 'string', format: 'email', maxLength: 254 }), { type: 'varchar', length: 254 }],
  ];
  it.each(cases)('%s', (_label, property, expected) => {
    expect(columnTypeFor(property)).toEqual(expected);
  });

  it('refuses a JSON type it cannot store', () => {
    expect(() => columnTypeFor(prop({ jsonType: 'null' }), 'person')).toThrow(expect.objectContaining({ code: 'CB_SCHEMA_INVALID' }));
  });

  it.each([
    [{ type: 'varchar', length: 20 } as StoreColumnType, 'varchar(20)'],
    [{ type: 'bigint' } as StoreColumnType, 'bigint'],
  ])('spells %j as %s', (type, sql) => {
    expect(sqlTypeName(type)).toBe(sql);
  });
});

describe('nullability', () => {
  it.each([
    [true, false, false],
    [true, true, true],
    [false, false, true],
    [false, true, true],
  ])('required=%s nullable=%s → column nullable=%s', (required, nullable, expected) => {
    expect(isColumnNullable(prop({ jsonType: 'string', required, nullable }))).toBe(expected);
  });
});

describe('entity schemas and DDL', () => {
  const entity: StoreEntityDefinition = {
    name: 'budgetLine',
    table: 'budget_line',
    properties: [
      ID,
      prop({ name: 'budgetId', column: 'budget_id', jsonType: 'string', format: 'uuid', required: true, references: 'budget' }),
      prop({ name: 'amountRappen', column: 'amount_rappen', jsonType: 'integer', money: true, required: true }),
      prop({ name: 'personIds', column: 'person_ids', jsonType: 'array', references: 'person' }),
    ],
  };

  it('derives columns, primary key, reference index and system columns', () => {
    const { options } = buildEntitySchema(entity);
    expect(options.schema).toBe('casebridge');
    expect(options.tableName).toBe('budget_line');
    expect(Object.keys(options.columns)).toEqual([
      'id',
      'budgetId',
      'amountRappen',
      'personIds',
      'contentHash',
      'runId',
      'loadedAt',
      'cbCommune',
      'cbSourceSystem',
    ]);
    expect(options.columns['id']).toMatchObject({ type: 'uuid', primary: true, primaryKeyConstraintName: 'pk_budget_line' });
    expect(options.columns['amountRappen']).toMatchObject({ name: 'amount_rappen', type: 'bigint', nullable: false });
    expect(options.indices).toEqual([{ name: 'ix_budget_line__budget_id', columns: ['budgetId'] }]);
  });

  it('generates the same DDL every time, creating and dropping in reverse order', () => {
    const schemas = buildCanonicalEntitySchemas({ version: 't', entities: [entity, { ...entity, name: 'other', table: 'other' }] });
    const ddl = generateCanonicalStoreDdl(schemas);
    expect(ddl).toEqual(
      generateCanonicalStoreDdl(buildCanonicalEntitySchemas({ version: 't', entities: [entity, { ...entity, name: 'other', table: 'other' }] })),
    );
    expect(ddl.up[0]).toBe('CREATE SCHEMA IF NOT EXISTS "casebridge"');
    expect(ddl.up[1]).toContain('"amount_rappen" bigint NOT NULL');
    expect(ddl.up[1]).toContain('"loaded_at" timestamptz NOT NULL DEFAULT now()');
    expect(ddl.up[1]).toContain('CONSTRAINT "pk_budget_line" PRIMARY KEY ("id")');
    expect(ddl.up[2]).toBe('CREATE INDEX "ix_budget_line__budget_id" ON "casebridge"."budget_line" ("budget_id")');
    expect(ddl.down).toEqual(['DROP TABLE "casebridge"."other"', 'DROP TABLE "casebridge"."budget_line"']);
  });

  const broken: [string, StoreEntityDefinition][] = [
    ['no id', { name: 'x', table: 'x', properties: [prop({ jsonType: 'string' })] }],
    ['id not a uuid', { name: 'x', table: 'x', properties: [prop({ name: 'id', column: 'id', jsonType: 'integer', required: true })] }],
    ['two properties on one column', { name: 'x', table: 'x', properties: [ID, prop({ jsonType: 'string' }), prop({ name: 'other', jsonType: 'string' })] }],
    ['a property on a system column', { name: 'x', table: 'x', properties: [ID, prop({ name: 'runId', column: 'run_id', jsonType: 'string' })] }],
  ];
  it.each(broken)('refuses an entity with %s', (_label, bad) => {
    let error: unknown;
    try {
      buildEntitySchema(bad);
    } catch (e) {
      error = e;
    }
    expect(isCasebridgeError(error, 'CB_SCHEMA_INVALID')).toBe(true);
  });

  it('refuses two entities on one table', () => {
    expect(() => buildCanonicalEntitySchemas({ version: 't', entities: [entity, { ...entity, name: 'copy' }] })).toThrow(/same table/);
  });
});

describe('identifiers', () => {
  it('keeps short names readable and fits long ones into 63 bytes, deterministically', () => {
    expect(primaryKeyName('case')).toBe('pk_case');
    expect(referenceIndexName('booking', 'case_id')).toBe('ix_booking__case_id');
    const long = referenceIndexName('a_very_long_table_name_for_testing_purposes', 'an_equally_long_reference_column_id');
    expect(Buffer.byteLength(long)).toBe(63);
    expect(long).toBe(referenceIndexName('a_very_long_table_name_for_testing_purposes', 'an_equally_long_reference_column_id'));
    expect(long).not.toBe(referenceIndexName('a_very_long_table_name_for_testing_purposes', 'an_equally_long_reference_column_i2'));
  });
});

describe('module boundaries', () => {
  it('importing the store helpers (PGlite path) does not load TypeORM (nor reflect-metadata)', () => {
    const script = `await import('./src/targets/store/index.ts'); process.stdout.write(typeof Reflect.getMetadata);`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: new URL('..', import.meta.url),
      encoding: 'utf8',
    });
    expect(out).toBe('undefined');
  });
});
