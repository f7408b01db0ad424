/**
 * Witness 2 of reconciliation: control totals computed inside the source (connector, SQL aggregates)
 * against the same totals over the canonical records in the target, per year. The equation checked is
 * `source = target + excluded`, where `excluded` are the filtered and quarantined rows the run
 * aggregated as it went. Money is compared exactly, in Rappen (BigInt).
 *
 * An entity fed by several mappings (e.g. budgets from financial plans and from monthly budgets) is
 * compared once: the SUM of the source totals of all its mappings (same year field and sum fields)
 * against the target's total of the entity.
 */
import type { ConnectorDriver, ControlTotalRow } from '../connector/connector.js';
import type { ControlTotalMapping, SourceMapping } from './source-mapping.js';
import type { EngineContext } from './engine-context.js';
import type { MappingAccount } from './mapping-account.js';
import { sourceAmountToRappen } from './exact-money.js';
import { ERROR_CODES, isCasebridgeError } from '../errors.js';

/** One year of one control total: the three figures and whether they agree. */
export interface ControlTotalResult {
  /** The mapping, or the mappings joined with `+` when several feed the entity (see `mappings`). */
  readonly mapping: string;
  readonly entity: string;
  /** The source table, or the tables joined with `+`. */
  readonly sourceTable: string;
  /** The mappings whose source totals were added up, when more than one feeds the entity. */
  readonly mappings?: readonly string[];
  readonly year: number | null;
  readonly source: { readonly count: number; readonly sums: Readonly<Record<string, string>> };
  readonly target: { readonly count: number; readonly sums: Readonly<Record<string, string>> };
  /** Filtered and quarantined rows, plus rows whose record of this entity was merged into a survivor. */
  readonly excluded: { readonly count: number; readonly sums: Readonly<Record<string, string>> };
  /** Sums are keyed by canonical field (Rappen). */
  readonly matched: boolean;
  /**
   * False when the excluded figures do not cover the whole run (a resumed run only aggregates the
   * excluded rows it saw itself) or a value could not be converted exactly: a mismatch is then
   * inconclusive rather than proof of loss.
   */
  readonly conclusive: boolean;
}

/** A control total that could not be computed, and why. */
export interface SkippedTotal {
  readonly mapping: string;
  readonly reason: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

type Figures = { count: number; sums: Map<string, bigint> };
type ByYear = Map<string, Figures>;

/** One mapping's control total with its source and excluded figures. */
interface Part {
  readonly mapping: string;
  readonly ct: ControlTotalMapping;
  readonly source: ByYear;
  readonly excluded: ByYear;
  readonly complete: boolean;
}

/** Runs every control total declared by the mappings. Returns the per-year results and skipped ones. */
export async function checkControlTotals(
  ctx: EngineContext,
  driver: ConnectorDriver,
  mappings: readonly SourceMapping[],
  accounts: ReadonlyMap<string, MappingAccount>,
): Promise<{ results: ControlTotalResult[]; skipped: SkippedTotal[] }> {
  const skipped: SkippedTotal[] = [];
  const computer = ctx.definition.source.createControlTotals?.(driver);
  const groups = new Map<string, Part[][]>();
  for (const mapping of mappings) {
    const account = accounts.get(mapping.name);
    for (const [index, ct] of (mapping.controlTotals ?? []).entries()) {
      if (computer === undefined || !ctx.definition.source.adapter.supportsControlTotals) {
        skipped.push({ mapping: mapping.name, reason: 'source-without-control-totals' });
        continue;
      }
      let part: Part;
      try {
        part = sourcePart(ctx, mapping, account, index, ct, await computer.compute(ct.source));
      } catch (error) {
        // A malformed source value: the total cannot be exact. Say where (table, column, row key), and
        // keep the entity's comparison, inconclusive, rather than stop reconciliation.
        if (!isCasebridgeError(error, ERROR_CODES.SOURCE_FORMAT_INVALID)) throw error;
        skipped.push({ mapping: mapping.name, reason: 'source-value-malformed', details: { ...error.details } });
        part = { mapping: mapping.name, ct, source: new Map(), excluded: new Map(), complete: false };
      }
      // Same entity, year field and sum fields → one comparison; a second total of the same mapping
      // and shape is its own comparison (it re-counts the same rows, it does not add to them).
      const shape = JSON.stringify([ct.entity, ct.yearField ?? null, Object.values(ct.sums ?? {}).sort()]);
      const list = groups.get(shape) ?? [];
      groups.set(shape, list);
      const group = list.find((g) => !g.some((p) => p.mapping === mapping.name));
      if (group === undefined) list.push([part]);
      else group.push(part);
    }
  }
  const results: ControlTotalResult[] = [];
  for (const list of groups.values()) for (const parts of list) results.push(...(await compare(ctx, parts)));
  return { results, skipped };
}

function sourcePart(
  ctx: EngineContext,
  mapping: SourceMapping,
  account: MappingAccount | undefined,
  index: number,
  ct: ControlTotalMapping,
  rows: readonly ControlTotalRow[],
): Part {
  const sums = ct.sums ?? {};
  const unit = ct.sourceUnit ?? 'chf';
  let inexact = false;
  const source: ByYear = new Map();
  for (const row of rows) {
    const key = yearKey(row.group['year'] ?? null);
    const agg = source.get(key) ?? { count: 0, sums: new Map<string, bigint>() };
    agg.count += row.count;
    for (const [column, field] of Object.entries(sums)) {
      const raw = row.sums[column];
      const rappen = raw === undefined ? 0n : sourceAmountToRappen(raw, unit);
      if (rappen === null) inexact = true;
      agg.sums.set(field, (agg.sums.get(field) ?? 0n) + (rappen ?? 0n));
    }
    source.set(key, agg);
  }
  const excluded: ByYear = new Map();
  for (const [key, agg] of account?.excluded.get(index) ?? []) {
    if (agg.inexact > 0) inexact = true;
    const byField = new Map<string, bigint>();
    for (const [column, field] of Object.entries(sums)) byField.set(field, agg.sums.get(column) ?? 0n);
    excluded.set(key, { count: agg.count, sums: byField });
  }
  // The excluded aggregates cover the whole run when nothing was resumed, or when the earlier sessions'
  // batches were read back from the ledger's batch detail.
  let complete = ((account?.resumedFromRow ?? 0) === 0 || account?.detailFromLedger === true) && !inexact;
  // A count-only total (no year, no sums) needs only the number of excluded rows, which the ledger
  // knows for the whole run: a resumed run stays conclusive (unless merges, counted per session).
  const countOnly = ct.source.yearColumn === undefined && Object.keys(sums).length === 0;
  if (!complete && countOnly && account !== undefined && account.resumedFromRow !== Number.MAX_SAFE_INTEGER && ctx.duplicates.policy !== 'merge' && !inexact) {
    const s = account.stats;
    excluded.set('null', { count: s.quarantined + Object.values(s.filtered).reduce((a, b) => a + b, 0), sums: new Map() });
    complete = true;
  }
  return { mapping: mapping.name, ct, source, excluded, complete };
}

/** Compares the added-up source and excluded figures of `parts` (one entity and shape) with the target's. */
async function compare(ctx: EngineContext, parts: readonly Part[]): Promise<ControlTotalResult[]> {
  const first = parts[0]!.ct;
  const fields = Object.values(first.sums ?? {});
  const target: ByYear = new Map();
  const targetRows = await ctx.target.totals({
    entity: first.entity,
    commune: ctx.tenant.commune,
    sourceSystem: ctx.sourceSystem,
    ...(first.yearField === undefined ? {} : { yearField: first.yearField }),
    sumFields: fields,
  });
  for (const row of targetRows)
    add(target, yearKey(first.yearField === undefined ? null : row.year), {
      count: row.count,
      sums: new Map(fields.map((f) => [f, BigInt(row.sums[f] ?? '0')])),
    });
  const source: ByYear = new Map();
  const excluded: ByYear = new Map();
  for (const part of parts) {
    for (const [key, agg] of part.source) add(source, key, agg);
    for (const [key, agg] of part.excluded) add(excluded, key, agg);
  }
  const conclusive = parts.every((p) => p.complete);
  const combined = parts.length > 1;
  const years = [...new Set([...source.keys(), ...target.keys(), ...excluded.keys()])].sort();
  return years.map((key): ControlTotalResult => {
    const s = source.get(key) ?? { count: 0, sums: new Map() };
    const t = target.get(key) ?? { count: 0, sums: new Map() };
    const e = excluded.get(key) ?? { count: 0, sums: new Map() };
    let matched = s.count === t.count + e.count;
    for (const field of fields) if ((s.sums.get(field) ?? 0n) !== (t.sums.get(field) ?? 0n) + (e.sums.get(field) ?? 0n)) matched = false;
    return {
      mapping: parts.map((p) => p.mapping).join('+'),
      entity: first.entity,
      sourceTable: parts.map((p) => p.ct.source.table).join('+'),
      ...(combined ? { mappings: parts.map((p) => p.mapping) } : {}),
      year: key === 'null' ? null : Number(key),
      source: figures(s),
      target: figures(t),
      excluded: figures(e),
      matched,
      conclusive,
    };
  });
}

function add(into: ByYear, key: string, agg: Figures): void {
  const acc = into.get(key) ?? { count: 0, sums: new Map<string, bigint>() };
  into.set(key, acc);
  acc.count += agg.count;
  for (const [field, v] of agg.sums) acc.sums.set(field, (acc.sums.get(field) ?? 0n) + v);
}

function yearKey(year: string | number | null): string {
  return year === null ? 'null' : String(Number(year));
}

function figures(agg: Figures): { count: number; sums: Record<string, string> } {
  return { count: agg.count, sums: Object.fromEntries([...agg.sums].map(([k, v]) => [k, v.toString()])) };
}
