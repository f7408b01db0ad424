/**
 * The manifest of a uniform-system import folder (format `casebridge-import`, see docs/import-format.md):
 * the ledger of runs and committed batches, record counts and money sums per entity and year, and the
 * SHA-256 of every batch file. The manifest is the commit point: a batch file it does not list does not
 * exist for the receiving system. Written atomically (temp file + rename).
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ReadPosition } from '../../core/connector/connector.js';
import type { RunState, StatsDelta } from '../../core/pipeline/canonical-target.js';
import { SourceFormatError } from '../../core/errors.js';

/** Format name and version written into every manifest. */
export const IMPORT_FORMAT = { name: 'casebridge-import', version: 1 } as const;
/** File name of the manifest in the import folder. */
export const IMPORT_MANIFEST_FILE = 'manifest.json';

/** One committed batch file (one entity of one engine batch, or its lineage/quarantine). */
export interface ManifestFile {
  /** Path relative to the import folder, e.g. `data/booking/000042-payments.jsonl`. */
  readonly path: string;
  /** Canonical entity, or `_lineage` / `_quarantine`. */
  readonly entity: string;
  readonly lines: number;
  readonly sha256: string;
}

/** One committed engine batch. */
export interface ManifestBatch {
  readonly seq: number;
  readonly runId: string;
  readonly mapping: string;
  readonly committedAt: string;
  readonly files: readonly ManifestFile[];
}

/** One run as the ledger knows it. */
export interface ManifestRun {
  readonly runId: string;
  readonly migration: string;
  readonly sourceSystem: string;
  readonly mappingVersions: Readonly<Record<string, string>>;
  readonly startedAt: string;
  status: RunState['status'];
  finishedAt?: string;
  mappings: Record<string, { checkpoint: ReadPosition | null; stats: StatsDelta; done: boolean }>;
}

/** Current figures of one entity (after last-write-wins per canonical id). */
export interface ManifestEntityTotals {
  /** Distinct canonical records. */
  records: number;
  /** Money fields (`*Rappen`) summed per year of the entity's first date field, as decimal strings. */
  moneyByYear: Record<string, Record<string, string>>;
}

/** The whole manifest. */
export interface ImportManifest {
  readonly format: typeof IMPORT_FORMAT.name;
  readonly formatVersion: typeof IMPORT_FORMAT.version;
  /** Model version of the canonical records. */
  readonly modelVersion: string;
  updatedAt: string;
  runs: ManifestRun[];
  batches: ManifestBatch[];
  entities: Record<string, ManifestEntityTotals>;
}

/** An empty manifest. */
export function emptyManifest(modelVersion: string): ImportManifest {
  return {
    format: IMPORT_FORMAT.name,
    formatVersion: IMPORT_FORMAT.version,
    modelVersion,
    updatedAt: new Date().toISOString(),
    runs: [],
    batches: [],
    entities: {},
  };
}

/** Reads the manifest of `dir`, or null when the folder has none yet. */
export async function readManifest(dir: string): Promise<ImportManifest | null> {
  let text: string;
  try {
    text = await readFile(path.join(dir, IMPORT_MANIFEST_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let manifest: ImportManifest;
  try {
    manifest = JSON.parse(text) as ImportManifest;
  } catch (cause) {
    throw new SourceFormatError('The import manifest is not valid JSON.', { cause, details: { file: IMPORT_MANIFEST_FILE } });
  }
  if (manifest.format !== IMPORT_FORMAT.name || manifest.formatVersion !== IMPORT_FORMAT.version) {
    throw new SourceFormatError('The folder holds a manifest of another format or version.', { details: { file: IMPORT_MANIFEST_FILE } });
  }
  return manifest;
}

/** Writes `content` to `file` atomically: a temp file in the same folder, then rename. */
export async function writeFileAtomic(file: string, content: string | Uint8Array): Promise<void> {
  const temp = `${file}.${process.pid}.${Date.now().toString(36)}.tmp`;
  await writeFile(temp, content);
  await rename(temp, file);
}

/** Writes the manifest atomically. */
export async function writeManifest(dir: string, manifest: ImportManifest): Promise<void> {
  manifest.updatedAt = new Date().toISOString();
  await writeFileAtomic(path.join(dir, IMPORT_MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}
