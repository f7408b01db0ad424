/**
 * The quarantine export: one line per quarantined source row, for the people who fix the source or the
 * mapping. Pseudonymous record reference, mapping, canonical entity, source table, issue codes,
 * severity and field paths only: never a value, never the legacy key (which may be an AHV number).
 */
import { appendFile, copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CanonicalTarget, QuarantineEntry, RecordNote, RecordNoteBucket, StoredRecordNote } from '../core/pipeline/canonical-target.js';

/** Export file formats. */
export type QuarantineExportFormat = 'csv' | 'jsonl';

/** The formats `--format` accepts. */
export const QUARANTINE_EXPORT_FORMATS: readonly QuarantineExportFormat[] = ['csv', 'jsonl'];

/** Which bucket an exported row is in: not loaded, loaded with warnings, or left out by a named filter rule. */
export type ExportBucket = 'quarantined' | RecordNoteBucket;

/** One exported line. `codes` and `paths` are parallel (a row may have several issues). */
export interface QuarantineExportRow {
  /** Only in an export with warnings or filtered rows (`--with-warnings`, `--with-filtered`). */
  readonly bucket?: ExportBucket;
  readonly recordRef: string;
  readonly mapping: string;
  /** Canonical entity the mapping reports under (empty when the mapping is unknown to the config). */
  readonly entity: string;
  readonly sourceTable: string;
  /** Issue codes; for a filtered row, the filter rule's name. */
  readonly codes: readonly string[];
  /** `error` for a quarantined row (only errors quarantine), `warning` for a warned one, `info` for a filtered one. */
  readonly severity: 'error' | 'warning' | 'info';
  readonly paths: readonly string[];
}

const CSV_HEADER = ['record_ref', 'mapping', 'entity', 'source_table', 'codes', 'severity', 'field_paths'] as const;

/** Rows read per ledger page when the record notes are exported (bounded memory). */
export const RECORD_NOTE_PAGE = 5000;

/** Rows of the export; `entityOf` names a mapping's canonical entity. */
export function quarantineExportRows(entries: Iterable<QuarantineEntry>, entityOf: (mapping: string) => string | undefined): QuarantineExportRow[] {
  const rows: QuarantineExportRow[] = [];
  for (const e of entries) {
    rows.push({
      recordRef: e.recordRef,
      mapping: e.mapping,
      entity: entityOf(e.mapping) ?? '',
      sourceTable: e.sourceTable,
      codes: [...e.issueCodes],
      severity: 'error',
      paths: [...e.paths],
    });
  }
  return rows;
}

/** Rows of the export for record notes (warnings, filtered rows) from the ledger. */
export function recordNoteExportRows(notes: Iterable<RecordNote>, entityOf: (mapping: string) => string | undefined): QuarantineExportRow[] {
  const rows: QuarantineExportRow[] = [];
  for (const n of notes) {
    rows.push({
      bucket: n.bucket,
      recordRef: n.recordRef,
      mapping: n.mapping,
      entity: entityOf(n.mapping) ?? '',
      sourceTable: n.sourceTable,
      codes: [...n.codes],
      severity: n.bucket === 'warning' ? 'warning' : 'info',
      paths: [...n.paths],
    });
  }
  return rows;
}

/**
 * Renders the export: CSV (comma, RFC 4180 quoting, codes and paths joined with `|`) or JSON Lines.
 * `withBucket`: the CSV leads with a `bucket` column (quarantined / warning / filtered) and every JSON
 * line names its bucket; `header` false leaves the CSV header out (a later page of the same export).
 */
export function renderQuarantineExport(
  rows: readonly QuarantineExportRow[],
  format: QuarantineExportFormat,
  options: { readonly withBucket?: boolean; readonly header?: boolean } = {},
): string {
  const withBucket = options.withBucket === true;
  const bucketOf = (r: QuarantineExportRow): ExportBucket => r.bucket ?? 'quarantined';
  if (format === 'jsonl') return rows.map((r) => `${JSON.stringify(withBucket ? { bucket: bucketOf(r), ...r } : r)}\n`).join('');
  const lines = options.header === false ? [] : [(withBucket ? ['bucket', ...CSV_HEADER] : CSV_HEADER).join(',')];
  for (const r of rows) {
    const cells = [r.recordRef, r.mapping, r.entity, r.sourceTable, r.codes.join('|'), r.severity, r.paths.join('|')];
    lines.push((withBucket ? [bucketOf(r), ...cells] : cells).map(csvCell).join(','));
  }
  return lines.length === 0 ? '' : `${lines.join('\r\n')}\r\n`;
}

/**
 * Writes a run's record notes of the wanted buckets, page by page from the target's ledger, through
 * `write` (CSV without header: it follows the quarantine rows); returns how many rows it wrote. A
 * run's notes are never all in memory.
 */
export async function exportRecordNotes(
  target: Pick<CanonicalTarget, 'recordNotes'>,
  runId: string,
  buckets: ReadonlySet<RecordNoteBucket>,
  entityOf: (mapping: string) => string | undefined,
  format: QuarantineExportFormat,
  write: (text: string) => Promise<void> | void,
): Promise<number> {
  let after: string | null = null;
  let written = 0;
  for (;;) {
    const page: readonly StoredRecordNote[] = (await target.recordNotes?.(runId, after, RECORD_NOTE_PAGE)) ?? [];
    const last = page.at(-1);
    if (last === undefined) return written;
    const rows = recordNoteExportRows(
      page.filter((n) => buckets.has(n.bucket)),
      entityOf,
    );
    if (rows.length > 0) await write(renderQuarantineExport(rows, format, { withBucket: true, header: false }));
    written += rows.length;
    after = last.seq;
  }
}

/**
 * A CSV export written batch by batch while a run commits (`RunOptions.onBatchCommitted`), so that a
 * run's quarantine (or, `withBucket`, its record notes) never has to be held in memory; `saveAs` copies
 * it to its final places.
 */
export class QuarantineCsvSpool {
  #started = false;

  constructor(
    readonly file: string,
    private readonly entityOf: (mapping: string) => string | undefined,
    private readonly withBucket = false,
  ) {}

  /** Appends the quarantine entries of one committed batch. */
  async append(entries: readonly QuarantineEntry[]): Promise<void> {
    await this.#write(quarantineExportRows(entries, this.entityOf));
  }

  /** Appends the record notes (warnings, filtered rows) of one committed batch. */
  async appendNotes(notes: readonly RecordNote[]): Promise<void> {
    await this.#write(recordNoteExportRows(notes, this.entityOf));
  }

  async #write(rows: readonly QuarantineExportRow[]): Promise<void> {
    if (!this.#started) {
      await mkdir(path.dirname(this.file), { recursive: true });
      await writeFile(this.file, renderQuarantineExport([], 'csv', { withBucket: this.withBucket }), 'utf8');
      this.#started = true;
    }
    if (rows.length === 0) return;
    await appendFile(this.file, renderQuarantineExport(rows, 'csv', { withBucket: this.withBucket, header: false }), 'utf8');
  }

  /** Copies the export to each of `files` (a header-only file when nothing was quarantined). */
  async saveAs(files: readonly string[]): Promise<void> {
    await this.append([]);
    for (const file of files) {
      await mkdir(path.dirname(file), { recursive: true });
      await copyFile(this.file, file);
    }
  }

  /** Removes the spool file. */
  async remove(): Promise<void> {
    await rm(this.file, { force: true });
  }
}

/** Writes the export to `file` (folders created). */
export async function writeQuarantineExport(file: string, rows: readonly QuarantineExportRow[], format: QuarantineExportFormat): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, renderQuarantineExport(rows, format), 'utf8');
}

function csvCell(value: string): string {
  // A leading = + - @ TAB or CR would be read as a formula by spreadsheets (OWASP, CSV injection).
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
