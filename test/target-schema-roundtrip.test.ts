/**
 * One schema-valid record per canonical entity goes into the store and comes back unchanged: money as
 * exact bigint (beyond 2^31, negative), calendar dates as `YYYY-MM-DD` strings (a leap day, no time-zone
 * shift), instants as the same instant, jsonb as the same structure. On PGlite and on PostgreSQL, each
 * opened through the store helpers (which configure the type parsers).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getModel, type EntityDefinition, type PropertyDefinition } from '../src/core/model/model-registry.js';
import { openPgliteStore } from '../src/targets/store/pglite-store.js';
import { openPostgresStore } from '../src/targets/store/postgres-store.js';
import { qualifiedTable, quoteIdentifier } from '../src/targets/typeorm/store-identifiers.js';
import { canonicalStoreMigrations } from '../src/targets/typeorm/migrations/index.js';
import { createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';
import type { QueryRows } from './target-schema-catalog.js';
import { sampleRecords } from './target-schema-samples.js';

const model = getModel();
const samples = sampleRecords(model);
const RUN_ID = '5b0c1f3e-8d2a-4e8b-9c57-0a1d2e3f4a5b';

function toParameter(p: PropertyDefinition, value: unknown): unknown {
  if (value === null) return null;
  if (p.jsonType === 'object' || p.jsonType === 'array') return JSON.stringify(value);
  if (p.money) return String(value);
  return value;
}

async function insert(query: QueryRows, entity: EntityDefinition, record: Record<string, unknown>): Promise<void> {
  const present = entity.properties.filter((p) => p.name in record);
  const columns = [...present.map((p) => p.column), 'content_hash', 'run_id'];
  const values = [...present.map((p) => toParameter(p, record[p.name])), createHash('sha256').update(JSON.stringify(record)).digest('hex'), RUN_ID];
  const placeholders = values.map((_v, i) => `$${String(i + 1)}`);
  await query(
    `INSERT INTO ${qualifiedTable('casebridge', entity.table)} (${columns.map(quoteIdentifier).join(', ')}) VALUES (${placeholders.join(', ')})`,
    values,
  );
}

/** Compares one stored value with the record's value by what the property is (not by the column map). */
function expectSame(entity: string, p: PropertyDefinition, stored: unknown, expected: unknown): void {
  const where = `${entity}.${p.name}`;
  if (p.money) {
    expect(typeof stored, where).toBe('string');
    expect(BigInt(stored as string), where).toBe(BigInt(expected as number));
  } else if (p.jsonType === 'number') {
    expect(typeof stored, where).toBe('string');
    expect(Number(stored), where).toBe(expected);
  } else if (p.format === 'date-time') {
    expect(new Date(stored as string | Date).toISOString(), where).toBe(new Date(expected as string).toISOString());
  } else if (p.jsonType === 'object' || p.jsonType === 'array') {
    expect(stored, where).toEqual(expected);
  } else {
    // Calendar dates included: a string, never a Date.
    expect(stored, where).toBe(expected);
  }
}

function roundTripSuite(open: () => Promise<{ query: QueryRows; close: () => Promise<void> }>): void {
  let store: { query: QueryRows; close: () => Promise<void> };
  beforeAll(async () => {
    store = await open();
    for (const entity of model.entities) await insert(store.query, entity, samples.get(entity.name) ?? {});
  });
  afterAll(async () => {
    await store.close();
  });

  it.each(model.entities.map((e) => [e.name, e] as const))('%s comes back unchanged', async (_name, entity) => {
    const record = samples.get(entity.name) ?? {};
    const rows = await store.query(`SELECT * FROM ${qualifiedTable('casebridge', entity.table)}`);
    expect(rows).toHaveLength(1);
    const row = rows[0] ?? {};
    for (const p of entity.properties) {
      if (p.name in record) expectSame(entity.name, p, row[p.column], record[p.name]);
      else expect(row[p.column], `${entity.name}.${p.name}`).toBeNull();
    }
    expect(row['run_id']).toBe(RUN_ID);
    expect(row['content_hash']).toMatch(/^[0-9a-f]{64}$/);
    expect(row['loaded_at']).not.toBeNull();
  });

  it('the samples exercise money beyond 2^31 and a leap day', () => {
    const all = model.entities.flatMap((e) => e.properties.map((p) => [p, samples.get(e.name)?.[p.name]] as const));
    expect(all.some(([p, v]) => p.money && typeof v === 'number' && Math.abs(v) > 2 ** 31)).toBe(true);
    expect(all.some(([p, v]) => p.format === 'date' && v === '2024-02-29')).toBe(true);
  });
}

describe('canonical record round trip on PGlite', () => {
  roundTripSuite(async () => {
    const store = await openPgliteStore();
    return { query: async (sql, params) => (await store.db.query<Record<string, unknown>>(sql, params)).rows, close: () => store.close() };
  });
});

await describeWithService('postgres', 'canonical record round trip on PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createPostgresDatabase('cbroundtrip');
  });
  afterAll(async () => {
    await database.drop();
  });
  roundTripSuite(async () => {
    const store = await openPostgresStore({ url: database.url, max: 2 });
    expect(store.applied).toEqual(canonicalStoreMigrations().map((m) => m.name));
    return { query: async (sql, params) => (await store.pool.query(sql, params)).rows as Record<string, unknown>[], close: () => store.close() };
  });
});
