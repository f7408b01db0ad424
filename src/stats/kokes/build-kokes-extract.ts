/**
 * The yearly KOKES child- and adult-protection statistics per KESB (domain brief §7): per protected
 * person (pseudonymous key, birth year and sex only) the measures with their events of the year —
 * existing on 1 January and 31 December, taken over from another KESB, newly ordered, changed (ended
 * and replaced by a new measure, AHGE040/AHGK050), ended (with the termination reason), transferred to
 * another KESB — with measure type, task areas and mandate-holder types, indications and the source of
 * the risk report. Plus a count table per KESB (event × measure type) with small counts suppressed.
 */
import type { KesMeasure, Person } from '../../generated/model/index.js';
import { DEFAULT_SUPPRESSION_THRESHOLD, SUPPRESSED_MARKER, suppressDistribution, type Published } from '../indicators/suppression.js';
import { complementarySuppression, type TableIdentity } from '../disclosure/linear-disclosure.js';
import { personKeyFunction, type PersonKeyFn } from '../shs/person-key.js';

/** What happened to a measure in the statistics year (KOKES event kinds). */
export type KokesEvent = 'existingAtStart' | 'takenOver' | 'new' | 'changed' | 'ended' | 'transferred' | 'existingAtEnd';

/** Termination reasons meaning "ended and replaced by a new measure": counted as a change. */
export const REPLACED_TERMINATION_REASONS: ReadonlySet<string> = new Set(['AHGE040', 'AHGK050']);

/** KESB id used when neither the measure nor its case's service names one. */
export const UNKNOWN_KESB = 'unknown';

/** One measure of a person in the year. */
export interface KokesMeasureRecord {
  /** Canonical measure id (pseudonymous). */
  readonly measureKey: string;
  readonly measureType: string;
  readonly isChild: boolean;
  readonly decidedOn: string;
  readonly events: readonly KokesEvent[];
  readonly taskAreas: readonly { readonly taskArea: string; readonly mandateHolderType: string | null }[];
  readonly mainIndication: string | null;
  readonly secondaryIndications: readonly string[];
  readonly reportSource: string | null;
  /** Only when the measure ended in the year. */
  readonly terminationReason: string | null;
  readonly takenOverFromKesbId: string | null;
  readonly transferredToKesbId: string | null;
}

/** One protected person: birth year and sex only. */
export interface KokesPerson {
  readonly personKey: string;
  readonly birthYear: number | null;
  /** `M`, `F` or null (KOKES codes). */
  readonly sex: 'M' | 'F' | null;
  readonly measures: readonly KokesMeasureRecord[];
}

/** One KESB of the extract. */
export interface KokesAuthority {
  readonly kesbId: string;
  readonly persons: readonly KokesPerson[];
  /** Published counts: `<event>.<measureType>` → count (small counts suppressed). */
  readonly counts: Readonly<Record<string, Published<number>>>;
}

/** The extract of one year. */
export interface KokesExtract {
  readonly year: number;
  readonly threshold: number;
  readonly authorities: readonly KokesAuthority[];
}

/** A measure with the person facts and the KESB fallback the extract needs. */
export interface KokesInput {
  readonly measure: KesMeasure;
  readonly person?: Pick<Person, 'id' | 'vn' | 'sex' | 'dateOfBirth'>;
  /** KESB id of the case's responsible service, when the measure names none. */
  readonly caseKesbId?: string;
}

/** Options of {@link buildKokesExtract}. */
export interface KokesExtractOptions {
  readonly year: number;
  readonly personKey?: PersonKeyFn;
  readonly threshold?: number;
}

/** The events of a measure in `year`, empty when it does not touch the year. */
export function kokesEvents(measure: KesMeasure, year: number): KokesEvent[] {
  const start = `${String(year)}-01-01`;
  const end = `${String(year)}-12-31`;
  const events: KokesEvent[] = [];
  const endedOn = measure.endedOn;
  const transferredOn = measure.transferredOn;
  const takenOverInYearOrLater = measure.takenOverOn !== undefined && measure.takenOverOn >= start;
  if (
    measure.decidedOn < start &&
    !takenOverInYearOrLater &&
    (endedOn === undefined || endedOn >= start) &&
    (transferredOn === undefined || transferredOn >= start)
  ) {
    events.push('existingAtStart');
  }
  if (measure.takenOverOn !== undefined && measure.takenOverOn >= start && measure.takenOverOn <= end) events.push('takenOver');
  else if (measure.decidedOn >= start && measure.decidedOn <= end) events.push('new');
  if (endedOn !== undefined && endedOn >= start && endedOn <= end) {
    events.push(measure.terminationReason !== undefined && REPLACED_TERMINATION_REASONS.has(measure.terminationReason) ? 'changed' : 'ended');
  }
  if (transferredOn !== undefined && transferredOn >= start && transferredOn <= end) events.push('transferred');
  if (measure.decidedOn <= end && (endedOn === undefined || endedOn > end) && (transferredOn === undefined || transferredOn > end))
    events.push('existingAtEnd');
  return events;
}

function birthYearOf(person: KokesInput['person']): number | null {
  const year = Number(person?.dateOfBirth?.slice(0, 4));
  return Number.isInteger(year) && year > 0 ? year : null;
}

const INFLOW: readonly KokesEvent[] = ['existingAtStart', 'takenOver', 'new'];
const OUTFLOW: readonly KokesEvent[] = ['changed', 'ended', 'transferred', 'existingAtEnd'];

/**
 * The count table of one KESB with small counts suppressed, and enough complementary cells that the
 * stock-flow identity of a measure type (start + taken over + new = changed + ended + transferred +
 * end) recomputes none of them. The identity is used where it holds on the counts (a reader can only
 * rely on it then); absent cells are published zeros.
 */
export function protectKokesCounts(counts: ReadonlyMap<string, number>, threshold: number = DEFAULT_SUPPRESSION_THRESHOLD): Record<string, Published<number>> {
  const published = suppressDistribution(counts, threshold);
  const primary = new Set(
    Object.entries(published)
      .filter(([, v]) => v === SUPPRESSED_MARKER)
      .map(([k]) => k),
  );
  const types = new Set([...counts.keys()].map((k) => k.slice(k.indexOf('.') + 1)));
  const identities: TableIdentity[] = [];
  for (const type of [...types].sort()) {
    const terms = [...INFLOW.map((e) => ({ cell: `${e}.${type}`, coefficient: 1 })), ...OUTFLOW.map((e) => ({ cell: `${e}.${type}`, coefficient: -1 }))];
    if (terms.reduce((sum, t) => sum + t.coefficient * (counts.get(t.cell) ?? 0), 0) === 0) identities.push({ name: `flow.${type}`, terms });
  }
  const hidden = complementarySuppression(counts, primary, identities);
  return Object.fromEntries(Object.keys(published).map((k) => [k, hidden.has(k) ? SUPPRESSED_MARKER : (counts.get(k) ?? 0)]));
}

/** Builds the extract of one year from the measures (any order; measures not touching the year are skipped). */
export function buildKokesExtract(inputs: Iterable<KokesInput>, options: KokesExtractOptions): KokesExtract {
  const keyOf = options.personKey ?? personKeyFunction();
  const threshold = options.threshold ?? DEFAULT_SUPPRESSION_THRESHOLD;
  const byKesb = new Map<string, Map<string, { person: KokesInput['person']; personId: string; measures: KokesMeasureRecord[] }>>();
  const counts = new Map<string, Map<string, number>>();
  for (const input of inputs) {
    const m = input.measure;
    const events = kokesEvents(m, options.year);
    if (events.length === 0) continue;
    const kesbId = m.kesbId ?? input.caseKesbId ?? UNKNOWN_KESB;
    const persons = byKesb.get(kesbId) ?? new Map();
    byKesb.set(kesbId, persons);
    const entry = persons.get(m.personId) ?? { person: input.person, personId: m.personId, measures: [] };
    persons.set(m.personId, entry);
    const ended = events.includes('ended') || events.includes('changed');
    entry.measures.push({
      measureKey: m.id,
      measureType: m.measureType,
      isChild: m.isChild,
      decidedOn: m.decidedOn,
      events,
      taskAreas: (m.taskAreas ?? []).map((t) => ({ taskArea: t.taskArea, mandateHolderType: t.mandateHolderType ?? null })),
      mainIndication: m.mainIndication ?? null,
      secondaryIndications: [...(m.secondaryIndications ?? [])],
      reportSource: m.reportSource ?? null,
      terminationReason: ended ? (m.terminationReason ?? null) : null,
      takenOverFromKesbId: events.includes('takenOver') ? (m.takenOverFromKesbId ?? null) : null,
      transferredToKesbId: events.includes('transferred') ? (m.transferredToKesbId ?? null) : null,
    });
    const table = counts.get(kesbId) ?? new Map<string, number>();
    counts.set(kesbId, table);
    for (const event of events) table.set(`${event}.${m.measureType}`, (table.get(`${event}.${m.measureType}`) ?? 0) + 1);
  }
  const authorities = [...byKesb.keys()].sort().map((kesbId): KokesAuthority => {
    const persons = [...(byKesb.get(kesbId)?.values() ?? [])].map(
      (p): KokesPerson => ({
        personKey: keyOf(p.person, p.personId),
        birthYear: birthYearOf(p.person),
        sex: p.person?.sex === '1' ? 'M' : p.person?.sex === '2' ? 'F' : null,
        measures: p.measures.sort((a, b) => a.decidedOn.localeCompare(b.decidedOn) || a.measureKey.localeCompare(b.measureKey)),
      }),
    );
    persons.sort((a, b) => a.personKey.localeCompare(b.personKey));
    return { kesbId, persons, counts: protectKokesCounts(counts.get(kesbId) ?? new Map(), threshold) };
  });
  return { year: options.year, threshold, authorities };
}

/** Who may read a KOKES output file. */
export type KokesAudience = 'kokes-microdata' | 'publication';

/** The per-person file: protected persons and their measures, for the KOKES statistics office only. */
export interface KokesPersonsFile {
  readonly audience: 'kokes-microdata';
  readonly year: number;
  readonly authorities: readonly { readonly kesbId: string; readonly persons: readonly KokesPerson[] }[];
}

/** The aggregated file: count tables with suppression, fit for publication. */
export interface KokesTablesFile {
  readonly audience: 'publication';
  readonly year: number;
  readonly threshold: number;
  readonly suppressedMarker: typeof SUPPRESSED_MARKER;
  readonly authorities: readonly { readonly kesbId: string; readonly counts: Readonly<Record<string, Published<number>>> }[];
}

/**
 * The extract split by audience. Per-person rows and suppressed count tables never share a file: the
 * rows would let any reader of the tables recount every suppressed cell.
 */
export function splitKokesExtract(extract: KokesExtract): { readonly persons: KokesPersonsFile; readonly tables: KokesTablesFile } {
  return {
    persons: { audience: 'kokes-microdata', year: extract.year, authorities: extract.authorities.map((a) => ({ kesbId: a.kesbId, persons: a.persons })) },
    tables: {
      audience: 'publication',
      year: extract.year,
      threshold: extract.threshold,
      suppressedMarker: SUPPRESSED_MARKER,
      authorities: extract.authorities.map((a) => ({ kesbId: a.kesbId, counts: a.counts })),
    },
  };
}
