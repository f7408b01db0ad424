/**
 * The relational generator: deterministic for a seed, realistic ratios, every planted defect present at
 * the minimum scale, expectations derived from the plan and the defects, and document BLOBs whose
 * SHA-256 in the manifest matches what the database holds.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countRelationalPlan,
  generateRelationalSource,
  planRelationalSource,
  RELATIONAL_DEFECT_KEYS as K,
  RELATIONAL_MINIMUM_PERSONS,
  relationalProfile,
  type RelationalSourceManifest,
} from '../src/profiles/relational/index.js';
import { createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';

function planDigest(persons: number, seed?: number): string {
  const hash = createHash('sha256');
  for (const [table, row] of planRelationalSource({ dialect: 'postgres', persons, ...(seed === undefined ? {} : { seed }), maxDocuments: 3 })) {
    hash.update(table).update(JSON.stringify(row.map((c) => (c instanceof Uint8Array ? createHash('sha256').update(c).digest('hex') : c))));
  }
  return hash.digest('hex');
}

describe('relational plan', () => {
  it('is deterministic for a seed and differs for another seed', () => {
    expect(planDigest(60)).toBe(planDigest(60));
    expect(planDigest(60, 7)).not.toBe(planDigest(60));
  });

  it('keeps realistic ratios: about half the persons open a case, ~10 bookings per person, 3–4 lines per budget', () => {
    const c = countRelationalPlan('postgres', 2_000);
    expect(c.BaPerson).toBe(2_000);
    expect(c.FaLeistung / c.BaPerson).toBeGreaterThan(0.45);
    expect(c.FaLeistung / c.BaPerson).toBeLessThan(0.55);
    expect(c.KbBuchung / c.BaPerson).toBeGreaterThan(7);
    expect(c.KbBuchung / c.BaPerson).toBeLessThan(13);
    expect(c.BgPosition / c.BgBudget).toBeGreaterThan(3);
    expect(c.BgPosition / c.BgBudget).toBeLessThan(4);
    expect(c.FaDokument).toBe(40);
  });

  it('plants every defect row at the minimum scale, at its key', () => {
    const rows = [...planRelationalSource({ dialect: 'mariadb', persons: RELATIONAL_MINIMUM_PERSONS, withContent: false })];
    const find = (table: string, key: number): unknown[] | undefined => rows.find(([t, r]) => t === table && r[0] === key)?.[1];
    expect(find('BaPerson', K.personZeroDate)?.[3]).toBe('0000-00-00');
    expect(find('BaPerson', K.personDuplicateB)?.[6]).toBe(find('BaPerson', K.personDuplicateA)?.[6]);
    expect(find('FaLeistung', K.caseWithoutApplicant)?.[1]).toBeNull();
    expect(find('KbBuchung', K.bookingOrphan)?.[1]).toBe(K.missingCase);
    expect(find('IkRechtstitel', K.titleImpossibleDate)?.[5]).toBe('31.02.2019');
    expect(find('IkRechtstitel', 1)).toBeDefined();
    expect(find('BgBudget', 1)?.[2]).toBe(K.firstCase);
    // The late payment lies after the first case's closing day.
    const closed = find('FaLeistung', K.firstCase)?.[7] as string;
    expect((find('KbBuchung', K.bookingAfterClose)?.[6] as string) > closed).toBe(true);
    // On PostgreSQL the zero-date person is an ordinary row.
    const pgRows = [...planRelationalSource({ dialect: 'postgres', persons: RELATIONAL_MINIMUM_PERSONS, withContent: false })];
    expect(pgRows.find(([t, r]) => t === 'BaPerson' && r[0] === K.personZeroDate)?.[1][3]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('derives expectations from the table counts minus the planted filtered and quarantined rows', () => {
    const scale = { dialect: 'mariadb', persons: 100 } as const;
    const counts = countRelationalPlan('mariadb', 100);
    const expected = relationalProfile.expected(scale);
    const defects = relationalProfile.plantedDefects(scale);
    expect(expected.mappings['person']).toEqual({ entity: 'person', extracted: 100, loaded: 100 - 3, filtered: 1, quarantined: 2 });
    expect(expected.mappings['booking']).toEqual({ entity: 'booking', extracted: counts.KbBuchung, loaded: counts.KbBuchung - 2, filtered: 0, quarantined: 2 });
    expect(expected.records['budget']).toBe(counts.BgFinanzplan + counts.BgBudget);
    const dropped = Object.values(expected.mappings).reduce((n, m) => n + m.filtered + m.quarantined, 0);
    expect(dropped).toBe(defects.filter((d) => d.expected.bucket === 'filtered' || d.expected.bucket === 'quarantined').length);
    expect(relationalProfile.plantedDefects({ persons: 100, dialect: 'postgres' }).some((d) => d.id === 'zero-date')).toBe(false);
  });
});

await describeWithService('postgres', 'relational generator on PostgreSQL', () => {
  let db: TestDatabase;
  let manifest: RelationalSourceManifest;
  beforeAll(async () => {
    db = await createPostgresDatabase('cbrelg');
    manifest = await generateRelationalSource({ dialect: 'postgres', connection: db.url, persons: RELATIONAL_MINIMUM_PERSONS, batchRows: 7 });
  }, 60_000);
  afterAll(async () => {
    await db?.drop();
  });

  it("writes the planned row counts and records each document's size and SHA-256", async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const planned = countRelationalPlan('postgres', RELATIONAL_MINIMUM_PERSONS);
      expect(manifest.counts).toEqual(planned);
      for (const [table, n] of Object.entries(planned)) expect((await client.query(`SELECT count(*)::int AS n FROM "${table}"`)).rows[0].n, table).toBe(n);
      const docs = await client.query<{ id: number; content: Buffer; size: number }>(
        `SELECT "FaDokumentID" AS id, "Inhalt" AS content, "DateiGroesse" AS size FROM "FaDokument" ORDER BY 1`,
      );
      expect(docs.rows.length).toBeGreaterThan(0);
      expect(docs.rows.map((r) => ({ id: r.id, byteSize: r.content.length, sha256: createHash('sha256').update(r.content).digest('hex') }))).toEqual(
        manifest.documents.map((d) => ({ id: d.id, byteSize: d.byteSize, sha256: d.sha256 })),
      );
      expect(docs.rows.every((r) => r.size === r.content.length)).toBe(true);
    } finally {
      await client.end();
    }
  });
});
