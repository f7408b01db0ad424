/**
 * Delta extraction: mappings that declare a modification stamp or a growing key read only what changed
 * since the last finished run of their tenant. Before the first batch the engine checks each
 * declaration against the source table (the column exists and has a stamp type), reads the mapping's
 * high-water mark from the target's ledger and derives the read's lower bound (mark − overlap, or the
 * mark); while reading it keeps the greatest stamp it saw; the new marks are stored by `finishRun` in
 * the run's own transaction, so only a finished real run advances them (a failed or dry run never
 * does, and a resumed run reads from the same bound).
 *
 * A delta read cannot see deletions: its entities are never tombstoned by a delta run (see
 * `deletionSnapshotMappings`).
 */
import { MappingError } from '../errors.js';
import type { ConnectorDriver } from '../connector/connector.js';
import { compareStamps, stampText, type DeltaFilter } from '../connector/delta-filter.js';
import type { SourceRow } from '../connector/source-value.js';
import type { HighWaterMark } from './canonical-target.js';
import { DELTA_COLUMN_TYPES, parseOverlap, subtractOverlap } from './delta-overlap.js';
import type { MigrationDefinition } from './migration-definition.js';
import { splitQualified } from '../connector/join-source.js';
import type { SourceMapping } from './source-mapping.js';

/** The delta state of one mapping during a run. */
export interface DeltaRead {
  readonly mapping: string;
  readonly mode: 'stamp' | 'growing-key';
  readonly column: string;
  readonly overlap?: string | number;
  /** The mark of the last finished run (null: none yet, this run reads everything). */
  readonly previousMark: string | null;
  /** The read's lower bound: rows with a greater stamp (or none) are read; null reads everything. */
  readonly filter: DeltaFilter | null;
  /** Greatest stamp read in this session. */
  greatest: string | null;
  /** Rows read whose stamp is NULL (read by every run, since no bound can exclude them safely). */
  unstamped: number;
}

/** How one mapping found its rows, in the report. */
export interface DeltaMappingReport {
  readonly mapping: string;
  readonly mode: 'snapshot' | 'stamp' | 'growing-key';
  readonly column?: string;
  readonly overlap?: string | number;
  /** The mark the run started from (null: none, the run read the whole table). */
  readonly previousMark?: string | null;
  /** Rows read had a stamp (or key) greater than this; null: everything was read. */
  readonly readAfter?: string | null;
  /** The mark after this run: the greatest stamp read, never below the previous mark. */
  readonly mark?: string | null;
  /** True when this run stored `mark` (a finished real run on a target that keeps marks). */
  readonly markCommitted?: boolean;
  /** Rows read in this session. */
  readonly rowsRead: number;
  /** Rows read without a stamp (read again by every delta run). */
  readonly unstampedRows?: number;
}

/** The report's `delta` section: per mapping, snapshot or delta, and the marks. */
export interface DeltaSection {
  readonly mappings: readonly DeltaMappingReport[];
}

/** Table and column a delta column is read from: a join's output column is its table's column; a query has none. */
function deltaColumnSource(mapping: SourceMapping, field: string, column: string): { table: string; name: string } {
  const { join, query } = mapping.source;
  if (query !== undefined) throw declarationError(mapping, field, 'a query source cannot be read as a delta (its columns have no table to check)');
  if (join === undefined) return { table: mapping.source.table, name: column };
  const ref = splitQualified(join.columns[column]);
  if (ref === undefined) throw declarationError(mapping, field, 'the join has no such output column', { column });
  const table = ref.alias === join.from.as ? join.from.table : join.joins.find((j) => j.as === ref.alias)?.table;
  return { table: table ?? mapping.source.table, name: ref.column };
}

function declarationError(mapping: SourceMapping, field: string, message: string, details: Record<string, string> = {}): MappingError {
  return new MappingError(`Mapping "${mapping.name}", ${field}: ${message}.`, {
    details: { mapping: mapping.name, field, table: mapping.source.table, ...details },
  });
}

/** The declaration's field name as a mapping author wrote it. */
function fieldOf(mode: 'stamp' | 'growing-key'): string {
  return mode === 'stamp' ? 'delta.stamp' : 'delta.growingKey';
}

/**
 * Checks every delta declaration against its source table and the marks the target holds, and plans
 * each delta mapping's read. Throws MappingError (CB_MAPPING_INVALID, naming mapping and field) for an
 * unknown or unsuitable column or a bad overlap.
 */
export async function planDeltaReads(definition: MigrationDefinition, driver: ConnectorDriver): Promise<Map<string, DeltaRead>> {
  const out = new Map<string, DeltaRead>();
  const deltas = definition.mappings.filter((m) => m.changeDetection !== undefined && m.changeDetection.mode !== 'snapshot');
  if (deltas.length === 0) return out;
  const introspector = definition.source.createIntrospector(driver);
  const target = definition.target;
  const marks = target.highWaterMarks === undefined ? [] : await target.highWaterMarks(definition.tenant);
  for (const mapping of deltas) {
    const cd = mapping.changeDetection!;
    if (cd.mode === 'snapshot') continue;
    const field = fieldOf(cd.mode);
    if (typeof cd.column !== 'string' || cd.column.trim() === '') throw declarationError(mapping, field, 'names no column');
    const { table, name } = deltaColumnSource(mapping, field, cd.column);
    const column = (await introspector.describeTable(table)).columns.find((c) => c.name === name);
    if (column === undefined) throw declarationError(mapping, field, 'the source table has no such column', { column: cd.column });
    if (!DELTA_COLUMN_TYPES.has(column.type)) {
      throw declarationError(mapping, field, 'the column must be a timestamp, date or integer column (a file source declares its type)', {
        column: cd.column,
        type: column.type,
      });
    }
    if (cd.mode === 'stamp' && typeof cd.overlap !== 'string' && typeof cd.overlap !== 'number') {
      throw declarationError(mapping, 'delta.overlap', 'a stamp needs an overlap (a duration, or an integer for an integer stamp; 0 for none)', {
        column: cd.column,
      });
    }
    const overlap = cd.mode === 'stamp' ? parseOverlap(cd.overlap, column.type) : undefined;
    if (typeof overlap === 'string') throw declarationError(mapping, 'delta.overlap', overlap, { column: cd.column });
    const stored = marks.find((m) => m.mapping === mapping.name);
    // A mark of another mode or column says nothing about this declaration: read everything once.
    const previousMark = stored !== undefined && stored.mode === cd.mode && stored.column === cd.column ? stored.value : null;
    const after = previousMark === null ? undefined : overlap === undefined ? previousMark : subtractOverlap(previousMark, overlap);
    out.set(mapping.name, {
      mapping: mapping.name,
      mode: cd.mode,
      column: cd.column,
      ...(cd.mode === 'stamp' ? { overlap: cd.overlap } : {}),
      previousMark: after === undefined ? null : previousMark,
      filter: after === undefined ? null : { column: cd.column, after },
      greatest: null,
      unstamped: 0,
    });
  }
  return out;
}

/** Notes the greatest stamp of rows just read. */
export function observeDeltaRows(read: DeltaRead, rows: readonly SourceRow[]): void {
  for (const row of rows) {
    const text = stampText(row[read.column]);
    if (text === null) read.unstamped += 1;
    else if (read.greatest === null || compareStamps(text, read.greatest) > 0) read.greatest = text;
  }
}

/** The mark after the run: the greatest stamp read, never below the previous mark. */
function nextMark(read: DeltaRead): string | null {
  if (read.greatest === null) return read.previousMark;
  if (read.previousMark === null) return read.greatest;
  return compareStamps(read.greatest, read.previousMark) > 0 ? read.greatest : read.previousMark;
}

/** The marks a finished run stores. */
export function marksToCommit(reads: ReadonlyMap<string, DeltaRead>): HighWaterMark[] {
  const out: HighWaterMark[] = [];
  for (const read of reads.values()) {
    const value = nextMark(read);
    if (value !== null) out.push({ mapping: read.mapping, mode: read.mode, column: read.column, value });
  }
  return out;
}

/** The report section; `committed` says whether the run stores its marks. */
export function deltaSection(
  definition: MigrationDefinition,
  reads: ReadonlyMap<string, DeltaRead>,
  rowsRead: (mapping: string) => number,
  committed: boolean,
): DeltaSection {
  return {
    mappings: definition.mappings.map((m): DeltaMappingReport => {
      const read = reads.get(m.name);
      if (read === undefined) return { mapping: m.name, mode: 'snapshot', rowsRead: rowsRead(m.name) };
      return {
        mapping: m.name,
        mode: read.mode,
        column: read.column,
        ...(read.overlap === undefined ? {} : { overlap: read.overlap }),
        previousMark: read.previousMark,
        readAfter: read.filter?.after ?? null,
        mark: nextMark(read),
        markCommitted: committed && nextMark(read) !== null,
        rowsRead: rowsRead(m.name),
        unstampedRows: read.unstamped,
      };
    }),
  };
}
