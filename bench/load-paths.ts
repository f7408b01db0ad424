/**
 * The load stage alone, first-load path against staged upsert: commits N synthetic booking records
 * (the ledger workload's shape, 1,000 per batch) into a fresh PostgreSQL canonical store through the
 * target, once per path, and reports the CPU seconds of this process spent in `commitBatch` and of
 * the PostgreSQL backends, per 1,000 rows. No source, mapping or reconciliation: only what the two
 * paths do differently. CPU seconds, not wall time, because the machine is shared.
 * Usage: npx tsx bench/load-paths.ts [rows=200000] [batch=1000]
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { canonicalId, contentHash } from '../src/core/pipeline/identity.js';
import type { LoadRecord } from '../src/core/pipeline/canonical-target.js';
import { createPostgresTarget } from '../src/targets/postgres/index.js';
import { createPgDatabase, dropPgDatabase } from './lib/bench-databases.js';
import { BackendCpu, trackedPool } from './lib/backend-cpu.js';

const rows = Number(process.argv[2] ?? 200_000);
const batchSize = Number(process.argv[3] ?? 1000);
const SOURCE = 'bench-load-paths';
/** BFS number the bench loads as (Bern). */
const COMMUNE = 351;

function bookingRecord(n: number): LoadRecord {
  const id = canonicalId(SOURCE, 'booking', n);
  const lineage = { commune: COMMUNE, sourceSystem: SOURCE, sourceTable: 'kb_buchung', sourceKey: String(n), mapping: 'bookings', mappingVersion: '1.0.0' };
  const record: Record<string, unknown> = {
    id,
    bookingType: 'ORDINARY_PAYMENT',
    bookingDate: `2024-${String((n % 12) + 1).padStart(2, '0')}-15`,
    amountRappen: 100_000 + (n % 5000),
    debitAccount: '4000',
    creditAccount: '1000',
    periodMonth: `2024-${String((n % 12) + 1).padStart(2, '0')}`,
    status: 'paid',
    caseId: canonicalId(SOURCE, 'case', Math.floor(n / 33)),
    personId: canonicalId(SOURCE, 'person', Math.floor(n / 40)),
    lineage,
  };
  return { entity: 'booking', id, record, contentHash: contentHash(record), lineage };
}

async function measure(
  firstLoad: boolean,
): Promise<{ path: string; nodeCpuS: number; dbCpuS: number; wallS: number; paths: Readonly<Record<string, number>> }> {
  const name = `cbloadpaths_${process.pid}_${firstLoad ? 'first' : 'upsert'}`;
  const url = await createPgDatabase(name);
  const backends = new BackendCpu();
  const pool = trackedPool(url, backends);
  const target = createPostgresTarget({ pool, firstLoad });
  try {
    await target.open();
    await target.ensureSchema();
    const runId = randomUUID();
    await target.beginRun({
      runId,
      migration: 'load-paths',
      commune: COMMUNE,
      sourceSystem: SOURCE,
      dryRun: false,
      mappingVersions: { bookings: '1.0.0' },
      startedAt: new Date().toISOString(),
    });
    const db0 = backends.seconds();
    let nodeMicros = 0;
    let wallMs = 0;
    for (let start = 0; start < rows; start += batchSize) {
      const records: LoadRecord[] = [];
      for (let n = start; n < Math.min(rows, start + batchSize); n++) records.push(bookingRecord(n));
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await target.commitBatch({
        runId,
        mapping: 'bookings',
        records,
        quarantine: [],
        stats: { extracted: records.length, filtered: {}, quarantined: 0, loaded: records.length, inserted: 0, updated: 0, unchanged: 0 },
        checkpoint: { key: [start + records.length], rowsRead: start + records.length },
      });
      wallMs += performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      nodeMicros += cpu.user + cpu.system;
    }
    const dbCpuS = backends.seconds() - db0;
    await target.finishRun(runId, 'finished', null);
    return { path: firstLoad ? 'first-load' : 'upsert', nodeCpuS: nodeMicros / 1e6, dbCpuS, wallS: wallMs / 1000, paths: target.loadPaths() };
  } finally {
    await target.close();
    await pool.end().catch(() => undefined);
    await dropPgDatabase(name);
  }
}

const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;
const loadAtStart = round(os.loadavg()[0]!, 1);
const results = [];
for (const firstLoad of [false, true]) results.push(await measure(firstLoad));
process.stdout.write(
  `load paths, ${rows.toLocaleString('en-US')} booking records in batches of ${batchSize}; load average ${loadAtStart}–${round(os.loadavg()[0]!, 1)}\n`,
);
process.stdout.write('| path | Node CPU s (commitBatch) | PostgreSQL backend CPU s | µs per row (Node + db) | wall s |\n|---|---:|---:|---:|---:|\n');
for (const r of results) {
  const perRow = ((r.nodeCpuS + r.dbCpuS) * 1e6) / rows;
  process.stdout.write(
    `| ${r.path} (${Object.entries(r.paths)
      .map(([k, v]) => `${k} ${v}`)
      .join(
        ', ',
      )}) | ${round(r.nodeCpuS)} | ${round(r.dbCpuS)} | ${round(perRow, 1)} (${round((r.nodeCpuS * 1e6) / rows, 1)} + ${round((r.dbCpuS * 1e6) / rows, 1)}) | ${round(r.wallS)} |\n`,
  );
}
