/**
 * Writes a synthetic commune export (the flat-file profile's source) from the deterministic plan:
 * one semicolon CSV per table in Windows-1252 with CRLF, a `documents/` folder with the case documents,
 * and `manifest.json` with row counts, the planted defects (by key, no personal data) and the SHA-256 of
 * every file and document. Rows and document bytes are streamed; nothing is held in memory.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import iconv from 'iconv-lite';
import { ConfigurationError } from '../../core/errors.js';
import { FLAT_FILE_TABLE_NAMES, FLAT_FILE_TABLES, type FlatFileTable } from './flat-file-layout.js';
import { FLAT_FILE_DEFAULT_SEED, planCommune } from './flat-file-plan.js';
import type { PlannedDocument, PlantedRowDefect } from './flat-file-plan-rows.js';
import { SeededRandom } from './seeded-random.js';

/** Options of {@link generateFlatFileExport}. */
export interface FlatFileExportOptions {
  /** Output folder (created; existing files of the same names are overwritten). */
  readonly dir: string;
  /** Regular persons (planted defect rows come on top). */
  readonly persons: number;
  /** PRNG seed (default {@link FLAT_FILE_DEFAULT_SEED}). */
  readonly seed?: number;
}

/** A planted defect as listed in the manifest. */
export interface ManifestDefect extends PlantedRowDefect {
  readonly table: FlatFileTable;
  readonly file: string;
  readonly key: string;
}

/** What `generateFlatFileExport` wrote (also saved as `manifest.json`). */
export interface FlatFileManifest {
  readonly profile: 'flat-file';
  readonly seed: number;
  readonly persons: number;
  readonly encoding: 'windows-1252';
  readonly delimiter: ';';
  /** Per table: file name, data rows (header excluded) and SHA-256 of the file bytes. */
  readonly files: Readonly<Record<FlatFileTable, { readonly file: string; readonly rows: number; readonly sha256: string }>>;
  readonly documents: {
    /** Documents listed in the index. */
    readonly listed: number;
    /** Files written. */
    readonly written: number;
    readonly bytes: number;
    /** Relative paths listed in the index whose file was not written (planted). */
    readonly missing: readonly string[];
    /** Relative path → SHA-256 of every written document. */
    readonly sha256: Readonly<Record<string, string>>;
  };
  readonly defects: readonly ManifestDefect[];
}

/** Name of the manifest file in the export folder. */
export const FLAT_FILE_MANIFEST = 'manifest.json';

/** One CSV file being written: encoded, hashed and back-pressured. */
class CsvFileWriter {
  readonly #stream: WriteStream;
  readonly #hash = createHash('sha256');
  rows = 0;

  constructor(file: string, columns: readonly string[]) {
    this.#stream = createWriteStream(file);
    this.#writeLine(columns.map(csvCell).join(';'));
  }

  #writeLine(line: string): boolean {
    const bytes = iconv.encode(`${line}\r\n`, 'win1252');
    this.#hash.update(bytes);
    return this.#stream.write(bytes);
  }

  async write(cells: readonly string[]): Promise<void> {
    this.rows += 1;
    if (!this.#writeLine(cells.map(csvCell).join(';'))) await once(this.#stream, 'drain');
  }

  #finished: Promise<string> | undefined;

  /** Ends the file; returns the SHA-256 of its bytes (idempotent). */
  finish(): Promise<string> {
    this.#finished ??= (async () => {
      this.#stream.end();
      await once(this.#stream, 'finish');
      return this.#hash.digest('hex');
    })();
    return this.#finished;
  }
}

/** Quotes a cell only when it must be (`;`, `"` or a line break), as spreadsheet exports do. */
function csvCell(text: string): string {
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes one synthetic document in chunks and returns its SHA-256. Content: a tiny PDF-like header and seeded bytes. */
async function writeDocument(file: string, doc: PlannedDocument): Promise<string> {
  mkdirSync(path.dirname(file), { recursive: true });
  const stream = createWriteStream(file);
  const hash = createHash('sha256');
  const rnd = new SeededRandom(doc.seed);
  const header = Buffer.from(`%PDF-1.4\n% casebridge synthetic document ${doc.seed}\n`, 'latin1');
  let left = Math.max(doc.bytes, header.length);
  const chunks = [header];
  left -= header.length;
  while (left > 0) {
    const size = Math.min(left, 4096);
    const chunk = Buffer.alloc(size);
    for (let i = 0; i < size; i++) chunk[i] = Math.floor(rnd.next() * 256);
    chunks.push(chunk);
    left -= size;
  }
  for (const chunk of chunks) {
    hash.update(chunk);
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
  stream.end();
  await once(stream, 'finish');
  return hash.digest('hex');
}

/** Generates the export into `dir` and returns (and saves) its manifest. */
export async function generateFlatFileExport(options: FlatFileExportOptions): Promise<FlatFileManifest> {
  if (!Number.isInteger(options.persons) || options.persons < 1) {
    throw new ConfigurationError('generateFlatFileExport: `persons` must be an integer from 1 and up.', { details: { field: 'persons' } });
  }
  const seed = options.seed ?? FLAT_FILE_DEFAULT_SEED;
  mkdirSync(options.dir, { recursive: true });
  const writers = new Map<FlatFileTable, CsvFileWriter>(
    FLAT_FILE_TABLE_NAMES.map((t) => [t, new CsvFileWriter(path.join(options.dir, FLAT_FILE_TABLES[t].file), FLAT_FILE_TABLES[t].columns)]),
  );
  const defects: ManifestDefect[] = [];
  const documents = { listed: 0, written: 0, bytes: 0, missing: [] as string[], sha256: {} as Record<string, string> };
  try {
    for (const planned of planCommune({ persons: options.persons, seed })) {
      const columns = FLAT_FILE_TABLES[planned.table].columns;
      await writers.get(planned.table)?.write(columns.map((c) => planned.cells[c] ?? ''));
      if (planned.defect) defects.push({ ...planned.defect, table: planned.table, file: FLAT_FILE_TABLES[planned.table].file, key: planned.key });
      const doc = planned.document;
      if (doc) {
        documents.listed += 1;
        if (doc.missing) {
          documents.missing.push(doc.path);
        } else {
          documents.sha256[doc.path] = await writeDocument(path.join(options.dir, doc.path), doc);
          documents.written += 1;
          documents.bytes += doc.bytes;
        }
      }
    }
  } finally {
    // Close every file even when a write failed, so no descriptor leaks.
    await Promise.allSettled([...writers.values()].map((w) => w.finish()));
  }
  const files = {} as Record<FlatFileTable, { file: string; rows: number; sha256: string }>;
  for (const [table, writer] of writers) files[table] = { file: FLAT_FILE_TABLES[table].file, rows: writer.rows, sha256: await writer.finish() };
  const manifest: FlatFileManifest = {
    profile: 'flat-file',
    seed,
    persons: options.persons,
    encoding: 'windows-1252',
    delimiter: ';',
    files,
    documents,
    defects,
  };
  await writeFile(path.join(options.dir, FLAT_FILE_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
