/**
 * The quarantine export: one line per quarantined source row, for the people who fix the source or the
 * mapping. Pseudonymous record reference, mapping, canonical entity, source table, issue codes,
 * severity and field paths only: never a value, never the legacy key (which may be an AHV number).
 */
import { appendFile, copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { QuarantineEntry } from '../core/pipeline/canonical-target.js';

/** Export file formats. */
export type QuarantineExportFormat = 'csv' | 'jsonl';

/** The formats `--format` accepts. */
export const QUARANTINE_EXPORT_FORMATS: readonly QuarantineExportFormat[] = ['csv', 'jsonl'];

/** One exported line. `codes` and `paths` are parallel (a row may have several issues). */
export interface QuarantineExportRow {
  readonly recordRef: string;
  readonly mapping: string;
  /** Canonical entity the mapping reports under (empty when the mapping is unknown to the config). */
  readonly entity: string;
  readonly sourceTable: string;
  readonly codes: readonly string[];
  /** Always `error`: only error-severity issues quarantine a row (warnings load it). */
  readonly severity: 'error';
  readonly paths: readonly string[];
}

const CSV_HEADER = ['record_ref', 'mapping', 'entity', 'source_table', 'codes', 'severity', 'field_paths'] as const;

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

/** Renders the export: CSV (comma, RFC 4180 quoting, codes and paths joined with `|`) or JSON Lines. */
export function renderQuarantineExport(rows: readonly QuarantineExportRow[], format: QuarantineExportFormat): string {
  if (format === 'jsonl') return rows.map((r) => `${JSON.stringify(r)}\n`).join('');
  const lines = [CSV_HEADER.join(',')];
  for (const r of rows) lines.push([r.recordRef, r.mapping, r.entity, r.sourceTable, r.codes.join('|'), r.severity, r.paths.join('|')].map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * A CSV export written batch by batch while a run commits (`RunOptions.onBatchCommitted`), so that a
 * run's quarantine never has to be held in memory; `saveAs` copies it to its final places.
 */
export class QuarantineCsvSpool {
  #started = false;

  constructor(
    readonly file: string,
    private readonly entityOf: (mapping: string) => string | undefined,
  ) {}

  /** Appends the entries of one committed batch. */
  async append(entries: readonly QuarantineEntry[]): Promise<void> {
    if (!this.#started) {
      await mkdir(path.dirname(this.file), { recursive: true });
      await writeFile(this.file, renderQuarantineExport([], 'csv'), 'utf8');
      this.#started = true;
    }
    if (entries.length === 0) return;
    const csv = renderQuarantineExport(quarantineExportRows(entries, this.entityOf), 'csv');
    await appendFile(this.file, csv.slice(csv.indexOf('\r\n') + 2), 'utf8');
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
