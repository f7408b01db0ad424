/**
 * `profileSource`: scans every table of a source through the connector SPI (introspector + reader),
 * batch by batch, and profiles each column in bounded memory (distinct tracking is capped per column).
 */
import type { Connector, TableMetadata } from '../connector/connector.js';
import { ColumnProfiler, type ColumnProfilerLimits } from './column-profiler.js';
import { SOURCE_PROFILE_VERSION, type SourceProfile, type TableProfile } from './source-profile.js';

/** Options of {@link profileSource}. */
export interface ProfileSourceOptions {
  /** Tables to scan (default: all the introspector lists). */
  readonly tables?: readonly string[];
  /** Stop each table after this many rows (default: scan all). */
  readonly maxRows?: number;
  /** Most distinct values tracked per column (default 10 000). */
  readonly distinctCap?: number;
  /** Most frequent values reported per column (default 10). */
  readonly topN?: number;
  /** Smallest count a frequent value needs to be shown (default 5: smaller counts could point at a person). */
  readonly minCount?: number;
  /** Rows per read batch (default 5000). */
  readonly batchSize?: number;
  /**
   * Columns whose values may be shown although they are text or dates (codes, booking dates), as
   * `TABLE.COLUMN` (case-insensitive). Every other text or date column shows counts only; a column
   * that looks personal stays hidden even when listed.
   */
  readonly nonPersonalColumns?: readonly string[];
  /** Known file formats per table (from detection), reported as found. */
  readonly fileFormats?: Readonly<Record<string, { readonly encoding?: string; readonly delimiter?: string }>>;
  /** Called after each table (counts only). */
  readonly onTable?: (table: string, rows: number) => void;
  readonly signal?: AbortSignal;
}

/** Profiles a source. */
export async function profileSource(connector: Connector, options: ProfileSourceOptions = {}): Promise<SourceProfile> {
  const limits: ColumnProfilerLimits = { distinctCap: options.distinctCap ?? 10_000, topN: options.topN ?? 10, minCount: options.minCount ?? 5 };
  const declared = new Set((options.nonPersonalColumns ?? []).map((c) => c.toLowerCase()));
  const driver = connector.createDriver();
  await driver.init();
  try {
    const introspector = connector.createIntrospector(driver);
    const reader = connector.createReader(driver);
    const names = options.tables ?? (await introspector.listTables());
    const tables: TableProfile[] = [];
    for (const name of names) {
      const meta = await introspector.describeTable(name);
      // Synthetic columns (a file's record ordinal) are read as the key but not profiled: they are not in the source.
      const profiled = meta.columns.filter((c) => c.synthetic !== true);
      const profilers = profiled.map((c) => new ColumnProfiler(c, limits, declared.has(`${name}.${c.name}`.toLowerCase())));
      let scanned = 0;
      const max = options.maxRows ?? Infinity;
      const keyColumns = meta.primaryKey.length > 0 ? meta.primaryKey : meta.columns.map((c) => c.name);
      read: for await (const batch of reader.read({
        table: name,
        keyColumns,
        batchSize: options.batchSize ?? 5000,
        ...(options.signal !== undefined ? { signal: options.signal } : {}),
      })) {
        for (const row of batch.rows) {
          if (scanned >= max) break read;
          scanned += 1;
          for (const [i, column] of profiled.entries()) profilers[i]!.add(row[column.name]);
        }
      }
      options.onTable?.(name, scanned);
      tables.push(tableProfile(meta, scanned, profilers, options.fileFormats?.[name]));
    }
    return {
      profileVersion: SOURCE_PROFILE_VERSION,
      source: connector.name,
      dialect: connector.adapter.dialect,
      generatedAt: new Date().toISOString(),
      limits: { ...limits, maxRows: options.maxRows ?? null },
      tables,
    };
  } finally {
    await driver.destroy().catch(() => undefined);
  }
}

function tableProfile(
  meta: TableMetadata,
  scanned: number,
  profilers: readonly ColumnProfiler[],
  format: { encoding?: string; delimiter?: string } | undefined,
): TableProfile {
  const charset = meta.columns.find((c) => c.charset !== undefined)?.charset;
  const encoding = format?.encoding ?? charset;
  return {
    name: meta.name,
    rowCount: meta.rowCount,
    rowsScanned: scanned,
    primaryKey: meta.primaryKey.filter((k) => meta.columns.find((c) => c.name === k)?.synthetic !== true),
    ...(encoding !== undefined ? { encoding } : {}),
    ...(format?.delimiter !== undefined ? { delimiter: format.delimiter } : {}),
    columns: profilers.map((p) => p.result()),
  };
}
