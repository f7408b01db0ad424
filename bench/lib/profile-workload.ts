/**
 * The relational reference profile as a bench workload (`--workload relational`): its own generator
 * (`generateRelationalSource`, multi-row INSERTs) loads both sources, its compiled mappings run, and the
 * raw baseline copies all of its tables (documents with their BLOBs included). The profile plants about
 * 9 bookings per person, so `bookings / 9` persons are generated. Imported for its side effect.
 */
import path from 'node:path';
import {
  generateRelationalSource,
  openRelationalWriter,
  RELATIONAL_SOURCE_SYSTEM,
  RELATIONAL_TABLE_NAMES,
  RELATIONAL_THRESHOLDS,
  relationalAssetsDir,
  relationalProfile,
} from '../../src/profiles/relational/index.js';
import type { SourceMapping } from '../../src/core/pipeline/source-mapping.js';
import { registerWorkload } from './bench-workload.js';

/** Bookings per person in the profile's plan (see relational-plan.ts). */
const BOOKINGS_PER_PERSON = 9;

registerWorkload({
  name: 'relational',
  description: 'the relational reference profile (KiSS-style, 15+ tables, planted defects, code-list maps, documents)',
  tables: RELATIONAL_TABLE_NAMES,
  async createRawTarget(pgUrl: string): Promise<void> {
    const writer = await openRelationalWriter('postgres', pgUrl);
    try {
      await writer.createSchema(path.join(relationalAssetsDir(), 'ddl'));
    } finally {
      await writer.close();
    }
  },
  async generate({ bookings, mariaUrl, pgUrl, seed }) {
    const persons = Math.max(50, Math.round(bookings / BOOKINGS_PER_PERSON));
    const [maria] = await Promise.all([
      generateRelationalSource({ dialect: 'mariadb', connection: mariaUrl, persons, seed }),
      generateRelationalSource({ dialect: 'postgres', connection: pgUrl, persons, seed }),
    ]);
    return { ...maria.counts };
  },
  migration: () =>
    Promise.resolve({
      mappings: relationalProfile.mappings() as readonly SourceMapping[],
      sourceSystem: RELATIONAL_SOURCE_SYSTEM,
      thresholds: RELATIONAL_THRESHOLDS,
    }),
});
