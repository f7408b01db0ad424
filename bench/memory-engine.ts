/**
 * Peak memory of the engine for N and 10×N source rows: each size runs in its own process (sample file
 * source → PostgreSQL target, so stored data lives outside the process) and reports its peak RSS.
 * The engine streams, so the 10× run must stay within 1.5× of the smaller one.
 * Both children run with the same V8 old-space cap (BENCH_HEAP_MB, default 192): without a cap V8
 * grows its heap lazily with run time, which inflates RSS without any retained data; a 10× run that
 * completes under the same cap proves the working set does not grow with the source.
 * Usage: tsx bench/memory-engine.ts [N=5000]   (needs PostgreSQL at CASEBRIDGE_PG_URL or 127.0.0.1:5432)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createPostgresTarget } from '../src/targets/postgres/index.js';
import { defineMigration } from '../src/mappings/define-migration.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import { addressMapping, personMapping, sampleConnector, writeSampleSource } from '../test/fixtures/engine/sample-source.js';

const ADMIN = process.env.CASEBRIDGE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function child(dir: string, url: string): Promise<void> {
  const definition = defineMigration({
    name: 'memory-bench',
    source: sampleConnector(dir),
    commune: 351,
    sourceSystem: 'legacy-sample',
    mappings: [personMapping, addressMapping],
    target: createPostgresTarget({ connectionString: url }),
    options: { batchSize: 1000, reconcile: process.env.BENCH_RECONCILE !== '0' },
  });
  const started = performance.now();
  const report = await runMigration(definition);
  const rows = report.entities.reduce((t, e) => t + e.extracted, 0);
  process.stdout.write(
    `${JSON.stringify({ rows, status: report.status, seconds: (performance.now() - started) / 1000, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
}

async function withDatabase<T>(fn: (url: string) => T): Promise<T> {
  const name = `cbbench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  try {
    const url = new URL(ADMIN);
    url.pathname = `/${name}`;
    return fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(process.argv[3]!, process.argv[4]!);
  const n = Number(process.argv[2] ?? 5000);
  const results: { persons: number; rows: number; seconds: number; peakRssMb: number; status: string }[] = [];
  for (const persons of [n, 10 * n]) {
    const dir = mkdtempSync(path.join(tmpdir(), 'cb-bench-'));
    await writeSampleSource(dir, persons);
    const out = await withDatabase((url) =>
      spawnSync(
        process.execPath,
        [`--max-old-space-size=${process.env.BENCH_HEAP_MB ?? 192}`, '--import', 'tsx', fileURLToPath(import.meta.url), '--child', dir, url],
        { encoding: 'utf8', maxBuffer: 1 << 24 },
      ),
    );
    if (out.status !== 0) throw new Error(`bench child failed: ${out.stderr.slice(-2000)}`);
    const line = out.stdout.trim().split('\n').pop()!;
    results.push({ persons, ...(JSON.parse(line) as { rows: number; seconds: number; peakRssMb: number; status: string }) });
  }
  for (const r of results)
    console.log(
      `${r.rows} source rows: peak RSS ${r.peakRssMb.toFixed(1)} MB, ${r.seconds.toFixed(1)} s, ${Math.round(r.rows / r.seconds)} rows/s, status ${r.status}`,
    );
  const ratio = results[1]!.peakRssMb / results[0]!.peakRssMb;
  console.log(`ratio 10N/N = ${ratio.toFixed(2)} (bound 1.5): ${ratio <= 1.5 ? 'OK' : 'EXCEEDED'}`);
  if (ratio > 1.5) process.exitCode = 1;
}

await main();
