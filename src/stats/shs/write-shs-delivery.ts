/**
 * Writes the SHS delivery of a period (one month, or the twelve months of a year) as files in the layout
 * of `shs-layout-v1.ts`, streaming: each case is read once and its rows are appended to every month's
 * files, so memory holds one case at a time. Per month: three tables, an issues file (codes and
 * pseudonymous references only) and a manifest with row counts and control totals.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import type { StatsCaseBundle } from '../dossier/stats-case-bundle.js';
import { periodMonths, type StatsPeriod } from '../period.js';
import { addShsMonthRows, emptyMonthRows, type ShsExtractOptions } from './build-shs-month.js';
import { csvHeader, csvLine, jsonLine, rappenToChf, SHS_LAYOUT_VERSION, SHS_TABLES, shsFileName, type ShsColumn, type ShsFileFormat } from './shs-layout-v1.js';

/** Options of {@link writeShsDelivery}. */
export interface WriteShsDeliveryOptions extends ShsExtractOptions {
  readonly period: StatsPeriod;
  /** Directory the files go to (created when missing). */
  readonly outDir: string;
  /** Default `csv`. */
  readonly format?: ShsFileFormat;
}

/** The manifest of one month (also written as `shs-<M>-manifest.json`). */
export interface ShsMonthManifest {
  readonly layoutVersion: typeof SHS_LAYOUT_VERSION;
  readonly month: string;
  readonly format: ShsFileFormat;
  readonly files: readonly string[];
  readonly rows: { readonly dossiers: number; readonly persons: number; readonly bookings: number };
  /** Sum of `paidInMonthChf` over the dossier rows and of `amountChf` over the booking rows. */
  readonly controlTotals: { readonly paidInMonthChf: string; readonly bookingsChf: string };
  readonly excludedDossiers: number;
  readonly counsellingDossiers: number;
  readonly unassignedBookings: number;
  readonly issuesByCode: Readonly<Record<string, number>>;
}

type TableName = keyof typeof SHS_TABLES;

class MonthFiles {
  readonly streams = new Map<TableName | 'issues', WriteStream>();
  readonly counts = { dossiers: 0, persons: 0, bookings: 0 };
  paid = 0n;
  booked = 0n;
  excluded = 0;
  counselling = 0;
  unassigned = 0;
  readonly issuesByCode = new Map<string, number>();

  constructor(
    readonly month: string,
    readonly outDir: string,
    readonly format: ShsFileFormat,
  ) {
    for (const table of Object.keys(SHS_TABLES) as TableName[]) {
      const stream = createWriteStream(join(outDir, shsFileName(month, table, format)), { encoding: 'utf8' });
      if (format === 'csv') stream.write(csvHeader(SHS_TABLES[table] as readonly ShsColumn<unknown>[]));
      this.streams.set(table, stream);
    }
    this.streams.set('issues', createWriteStream(join(outDir, `shs-${month}-issues.jsonl`), { encoding: 'utf8' }));
  }

  async write(table: TableName | 'issues', line: string): Promise<void> {
    const stream = this.streams.get(table);
    if (stream !== undefined && !stream.write(line)) await once(stream, 'drain');
  }

  async #end(): Promise<void> {
    await Promise.all(
      [...this.streams.values()].map((s) => new Promise<void>((resolve, reject) => s.end((err?: Error | null) => (err ? reject(err) : resolve())))),
    );
  }

  /** Ends the files without a manifest. */
  async abort(): Promise<void> {
    await this.#end().catch(() => undefined);
  }

  /** Ends the files and writes the manifest. */
  async close(): Promise<ShsMonthManifest> {
    await this.#end();
    const manifest: ShsMonthManifest = {
      layoutVersion: SHS_LAYOUT_VERSION,
      month: this.month,
      format: this.format,
      files: [...(Object.keys(SHS_TABLES) as TableName[]).map((t) => shsFileName(this.month, t, this.format)), `shs-${this.month}-issues.jsonl`],
      rows: { ...this.counts },
      controlTotals: { paidInMonthChf: rappenToChf(this.paid), bookingsChf: rappenToChf(this.booked) },
      excludedDossiers: this.excluded,
      counsellingDossiers: this.counselling,
      unassignedBookings: this.unassigned,
      issuesByCode: Object.fromEntries([...this.issuesByCode].sort(([a], [b]) => a.localeCompare(b))),
    };
    await writeFile(join(this.outDir, shsFileName(this.month, 'manifest', this.format)), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  }
}

function chfToRappenBig(chf: string): bigint {
  const negative = chf.startsWith('-');
  const [whole = '0', cents = '00'] = (negative ? chf.slice(1) : chf).split('.');
  const value = BigInt(whole) * 100n + BigInt(cents.padEnd(2, '0'));
  return negative ? -value : value;
}

/** Writes the delivery of every month of the period; returns the manifests in month order. */
export async function writeShsDelivery(
  bundles: AsyncIterable<StatsCaseBundle> | Iterable<StatsCaseBundle>,
  options: WriteShsDeliveryOptions,
): Promise<ShsMonthManifest[]> {
  const format = options.format ?? 'csv';
  await mkdir(options.outDir, { recursive: true });
  const months = periodMonths(options.period).map((m) => new MonthFiles(m, options.outDir, format));
  const line = <R>(columns: readonly ShsColumn<R>[], row: R): string => (format === 'csv' ? csvLine(columns, row) : jsonLine(columns, row));
  try {
    for await (const bundle of bundles) {
      for (const files of months) {
        const rows = emptyMonthRows();
        addShsMonthRows(rows, bundle, files.month, options);
        for (const row of rows.dossiers) {
          files.paid += chfToRappenBig(row.paidInMonthChf);
          await files.write('dossiers', line(SHS_TABLES.dossiers, row));
        }
        for (const row of rows.persons) await files.write('persons', line(SHS_TABLES.persons, row));
        for (const row of rows.bookings) {
          files.booked += chfToRappenBig(row.amountChf);
          await files.write('bookings', line(SHS_TABLES.bookings, row));
        }
        for (const issue of rows.issues) {
          files.issuesByCode.set(issue.code, (files.issuesByCode.get(issue.code) ?? 0) + 1);
          await files.write('issues', `${JSON.stringify(issue)}\n`);
        }
        files.counts.dossiers += rows.dossiers.length;
        files.counts.persons += rows.persons.length;
        files.counts.bookings += rows.bookings.length;
        files.excluded += rows.excluded;
        files.counselling += rows.counselling;
        files.unassigned += rows.unassignedBookings;
      }
    }
  } catch (error) {
    // No manifest after a failure: a half-written month must not look complete.
    await Promise.all(months.map((m) => m.abort()));
    throw error;
  }
  return Promise.all(months.map((m) => m.close()));
}
