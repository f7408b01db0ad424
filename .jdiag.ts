import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPostgresConnector } from '/work/main/src/connectors/postgres/index.js';
import { defineMigration } from '/work/main/src/core/pipeline/migration-definition.js';
import { runMigration } from '/work/main/src/core/pipeline/run-migration.js';
import { flatFileMigration, generateFlatFileExport } from '/work/main/src/profiles/flat-file/index.js';
import { generateRelationalSource, RELATIONAL_SOURCE_SYSTEM, relationalProfile } from '/work/main/src/profiles/relational/index.js';
import { statisticsReadinessHook } from '/work/main/src/stats/index.js';
import { createPgliteTarget } from '/work/main/src/targets/pglite/index.js';
import pg from 'pg';
const which = process.argv[2] ?? 'both';
const root = mkdtempSync(path.join(tmpdir(), 'jdiag-'));
if (which !== 'rel') {
  const dir = path.join(root, 'flat');
  await generateFlatFileExport({ dir, persons: 150, seed: 7 });
  const r = await runMigration(flatFileMigration({ dir, target: createPgliteTarget({ dataDir: path.join(root, 'fs') }), options: { statisticsReadiness: statisticsReadinessHook({ referenceMonth: '2024-12' }) } }), { dryRun: true });
  console.log('FLAT', JSON.stringify(r.statisticsReadiness, null, 1), JSON.stringify(r.errors));
}
if (which !== 'flat') {
  const c = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' }); await c.connect();
  const name = 'jdiag_' + Date.now(); await c.query(`CREATE DATABASE ${name}`);
  const url = `postgres://postgres@127.0.0.1:5432/${name}`;
  try {
    await generateRelationalSource({ dialect: 'postgres', connection: url, persons: 150 });
    const r = await runMigration(defineMigration({ name: 'x', source: createPostgresConnector({ name: 'relational', connectionString: url }), sourceSystem: RELATIONAL_SOURCE_SYSTEM, mappings: relationalProfile.mappings(), target: createPgliteTarget({ dataDir: path.join(root, 'rs') }), options: { statisticsReadiness: statisticsReadinessHook({ referenceMonth: '2024-12' }) } }), { dryRun: true });
    console.log('REL', JSON.stringify(r.statisticsReadiness, null, 1), JSON.stringify(r.errors));
  } finally { await c.query(`DROP DATABASE ${name} WITH (FORCE)`); await c.end(); }
}
