/**
 * What the benchmark migrates: a workload generates identical source data into MariaDB and PostgreSQL,
 * names its source tables (what the raw baseline and pgloader copy) and supplies the mappings that
 * casebridge runs. Children look a workload up by name, so it must be importable without side effects.
 */
import pg from 'pg';
import type { SourceMapping } from '../../src/core/pipeline/source-mapping.js';
import type { ThresholdRule } from '../../src/core/pipeline/thresholds.js';
import { LEDGER_MAPPINGS } from './ledger-workload-mapping.js';
import { LEDGER_POSTGRES_DDL, LEDGER_TABLES, ledgerCounts, loadLedgerMariadb, loadLedgerPostgres, writeLedgerTsv } from './ledger-workload-data.js';

/** Where a workload puts its data. */
export interface GenerateRequest {
  readonly bookings: number;
  readonly mariaUrl: string;
  readonly pgUrl: string;
  readonly workDir: string;
  readonly seed: number;
}

/** A benchmark workload. */
export interface BenchWorkload {
  readonly name: string;
  readonly description: string;
  /** Source tables in load order (what the raw baseline copies). */
  readonly tables: readonly string[];
  /** Creates the source tables in an empty PostgreSQL database (the raw baseline's target). */
  createRawTarget(pgUrl: string): Promise<void>;
  /** Loads both sources; returns the rows per table. */
  generate(request: GenerateRequest): Promise<Record<string, number>>;
  /** The casebridge mappings, the lineage source-system name and the thresholds the workload's data needs. */
  migration(): Promise<{ readonly mappings: readonly SourceMapping[]; readonly sourceSystem: string; readonly thresholds?: readonly ThresholdRule[] }>;
  /** The module (and export) map worker threads import the same mappings from (`--workers`). */
  readonly workerModule?: { readonly module: URL; readonly export: string };
}

/** Persons, cases and bookings in KiSS-style tables, hand-written mappings. */
export const ledgerWorkload: BenchWorkload = {
  name: 'ledger',
  description: 'ba_person → person, fa_fall → case, kb_buchung → booking (1 : 1.2 : 40), bulk-generated TSV',
  tables: LEDGER_TABLES,
  async createRawTarget(pgUrl) {
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    try {
      for (const ddl of LEDGER_POSTGRES_DDL) await client.query(ddl);
    } finally {
      await client.end();
    }
  },
  async generate({ bookings, mariaUrl, pgUrl, workDir, seed }) {
    const files = await writeLedgerTsv(workDir, bookings, seed);
    await Promise.all([loadLedgerMariadb(mariaUrl, files), loadLedgerPostgres(pgUrl, files)]);
    return ledgerCounts(bookings);
  },
  workerModule: { module: new URL('./ledger-workload-mapping.ts', import.meta.url), export: 'ledgerWorkerSetup' },
  // The workload has no support units (it measures the booking path), so every case lacks an applicant
  // by design; without this rule each run would end `failed` for a gap the workload means to have.
  migration: () =>
    Promise.resolve({
      mappings: LEDGER_MAPPINGS,
      sourceSystem: 'bench-ledger',
      thresholds: [{ metric: 'case:case.applicant_missing', maxPercent: 100, severity: 'warning' }],
    }),
};

const WORKLOADS = new Map<string, BenchWorkload>([[ledgerWorkload.name, ledgerWorkload]]);

/** Registers a further workload (the relational reference profile registers itself when present). */
export function registerWorkload(workload: BenchWorkload): void {
  WORKLOADS.set(workload.name, workload);
}

/** The workload of that name. */
export function workloadNamed(name: string): BenchWorkload {
  const w = WORKLOADS.get(name);
  if (w === undefined) throw new Error(`Unknown bench workload "${name}" (known: ${[...WORKLOADS.keys()].join(', ')})`);
  return w;
}
