/**
 * `generateRelationalSource`: creates the relational profile's tables in an empty MariaDB or PostgreSQL
 * database and fills them from the deterministic plan, streaming batched INSERTs (bounded memory at
 * millions of rows). Returns a manifest: row counts per table, the planted defects and each document's
 * size and SHA-256.
 */
import type { PlantedDefect } from '../reference-profile.js';
import { relationalPlantedDefects, type RelationalDialect } from './relational-defects.js';
import { planRelationalSource, RELATIONAL_DEFAULT_SEED, type RelationalPlannedDocument } from './relational-plan.js';
import { openRelationalWriter, type RelationalSourceWriter } from './relational-source-writer.js';
import { RELATIONAL_TABLE_NAMES, type RelationalCell, type RelationalTable } from './relational-tables.js';
import { relationalAssetsDir } from './relational-assets.js';
import path from 'node:path';
import { ConfigurationError } from '../../core/errors.js';

/** Options of {@link generateRelationalSource}. */
export interface GenerateRelationalSourceOptions {
  readonly dialect: RelationalDialect;
  /** `mysql://root@127.0.0.1:3306/db` or `postgres://postgres@127.0.0.1:5432/db` (an empty database). */
  readonly connection: string;
  /** Number of persons; every other count follows at fixed ratios (about 9 bookings per person). */
  readonly persons: number;
  readonly seed?: number;
  /** Most documents with BLOB content (default 40, a few MB). */
  readonly maxDocuments?: number;
  /** Rows per INSERT statement (default 1000; PostgreSQL also caps at 60 000 parameters). */
  readonly batchRows?: number;
  /** Create the tables first (default true). */
  readonly createSchema?: boolean;
  /** Called after each flushed batch with the rows written so far (all tables). */
  readonly onProgress?: (rowsWritten: number) => void;
}

/** What was generated. */
export interface RelationalSourceManifest {
  readonly dialect: RelationalDialect;
  readonly persons: number;
  readonly seed: number;
  readonly counts: Readonly<Record<RelationalTable, number>>;
  readonly plantedDefects: readonly PlantedDefect[];
  readonly documents: readonly RelationalPlannedDocument[];
}

/** Budget of buffered BLOB bytes before a flush (keeps INSERTs well under max_allowed_packet). */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/** Generates a relational source database. */
export async function generateRelationalSource(options: GenerateRelationalSourceOptions): Promise<RelationalSourceManifest> {
  if (!Number.isInteger(options.persons) || options.persons < 1)
    throw new ConfigurationError('`persons` must be an integer from 1 and up.', { details: { field: 'persons' } });
  const seed = options.seed ?? RELATIONAL_DEFAULT_SEED;
  const writer = await openRelationalWriter(options.dialect, options.connection);
  try {
    if (options.createSchema ?? true) await writer.createSchema(path.join(relationalAssetsDir(), 'ddl'));
    const documents: RelationalPlannedDocument[] = [];
    const counts = await writePlan(writer, { ...options, seed }, (d) => documents.push(d));
    return { dialect: options.dialect, persons: options.persons, seed, counts, plantedDefects: relationalPlantedDefects(options.dialect), documents };
  } finally {
    await writer.close();
  }
}

async function writePlan(
  writer: RelationalSourceWriter,
  options: GenerateRelationalSourceOptions & { seed: number },
  onDocument: (d: RelationalPlannedDocument) => void,
): Promise<Record<RelationalTable, number>> {
  const counts = Object.fromEntries(RELATIONAL_TABLE_NAMES.map((t) => [t, 0])) as Record<RelationalTable, number>;
  const buffers = new Map<RelationalTable, { rows: RelationalCell[][]; bytes: number }>();
  const batchRows = options.batchRows ?? 1000;
  let written = 0;
  const flush = async (table: RelationalTable): Promise<void> => {
    const buffer = buffers.get(table);
    if (buffer === undefined || buffer.rows.length === 0) return;
    await writer.insert(table, buffer.rows);
    written += buffer.rows.length;
    buffers.set(table, { rows: [], bytes: 0 });
    options.onProgress?.(written);
  };
  const plan = planRelationalSource(
    {
      dialect: options.dialect,
      persons: options.persons,
      seed: options.seed,
      ...(options.maxDocuments === undefined ? {} : { maxDocuments: options.maxDocuments }),
    },
    onDocument,
  );
  for (const [table, row] of plan) {
    counts[table] += 1;
    const buffer = buffers.get(table) ?? { rows: [], bytes: 0 };
    buffer.rows.push(row);
    for (const cell of row) if (cell instanceof Uint8Array) buffer.bytes += cell.byteLength;
    buffers.set(table, buffer);
    const limit = Math.min(batchRows, Math.floor(60_000 / row.length));
    if (buffer.rows.length >= limit || buffer.bytes >= MAX_BUFFERED_BYTES) await flush(table);
  }
  for (const table of RELATIONAL_TABLE_NAMES) await flush(table);
  return counts;
}

/** Row counts per table of a plan, without writing anything (no document contents are produced). */
export function countRelationalPlan(
  dialect: RelationalDialect,
  persons: number,
  seed: number = RELATIONAL_DEFAULT_SEED,
  maxDocuments?: number,
): Record<RelationalTable, number> {
  const counts = Object.fromEntries(RELATIONAL_TABLE_NAMES.map((t) => [t, 0])) as Record<RelationalTable, number>;
  for (const [table] of planRelationalSource({ dialect, persons, seed, withContent: false, ...(maxDocuments === undefined ? {} : { maxDocuments }) }))
    counts[table] += 1;
  return counts;
}
