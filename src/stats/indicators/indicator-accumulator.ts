/**
 * Canton indicators for a commune, a service or the whole canton over one period, accumulated case by
 * case (domain brief §1.1, §1.4): WSH dossiers with a payment in the period (also de-duplicated to one per
 * applicant across communes), supported persons (de-duplicated by AHV number, else canonical id),
 * social-assistance rate for a given population, new / re-opened / closed dossiers, duration of support
 * of the closed ones, closing-reason distribution, gross and net expenditure and ALBV advances and
 * recoveries. The published table suppresses small counts (see `suppression.ts`) and enough
 * complementary cells that no suppressed one follows from the table's identities (`linear-disclosure.ts`).
 *
 * Money: gross = assistance paid out (ordinary and one-off payments, minus their stornos) booked in the
 * period; reimbursements = money received back (reimbursements received and income credited, minus
 * their stornos, as a positive figure); net = gross − reimbursements. Bookings count for the commune of
 * the dossier they belong to, else of their case (reimbursement cases have no dossier).
 */
import { ConfigurationError } from '../../core/errors.js';
import type { Booking } from '../../generated/model/index.js';
import { deriveDossiers, dossierMembers, dossierOfBooking } from '../dossier/derive-dossiers.js';
import { ASSISTANCE_PAYMENT_TYPES, RECEIPT_TYPES, type StatsCaseBundle } from '../dossier/stats-case-bundle.js';
import { closedIn, hasPaymentIn, inPeriodStart, type StatisticalDossier } from '../dossier/statistical-dossier.js';
import { inPeriod, type StatsPeriod } from '../period.js';
import { personIdentity } from '../shs/person-key.js';
import { rappenToChf } from '../shs/shs-layout-v1.js';
import { DEFAULT_SUPPRESSION_THRESHOLD, isSmallCount, SUPPRESSED_MARKER, suppressByBasis, suppressCount, type Published } from './suppression.js';
import { complementarySuppression, sumIdentity, type TableIdentity } from '../disclosure/linear-disclosure.js';

/** Whose figures: the canton (everything in the store), some communes, or one service. */
export type IndicatorScope =
  | { readonly kind: 'canton'; readonly label?: string }
  | { readonly kind: 'commune'; readonly municipalityBfsNumbers: readonly number[] }
  | { readonly kind: 'service'; readonly serviceId: string };

/** Options of the indicators. */
export interface IndicatorOptions {
  readonly period: StatsPeriod;
  readonly scope: IndicatorScope;
  /** Permanent resident population of the scope, for the social-assistance rate. */
  readonly population?: number;
  /** Suppression threshold (default 5). */
  readonly threshold?: number;
}

/** One ALBV amount of a case in the period (advanced or recovered), as read from the store. */
export interface AlbvAmount {
  readonly kind: 'advanced' | 'recovered';
  readonly caseId: string;
  readonly municipalityBfsNumber?: number;
  readonly serviceId?: string;
  readonly rappen: bigint;
}

/** The published indicator table. */
export interface IndicatorTable {
  readonly period: string;
  readonly scope: string;
  readonly threshold: number;
  readonly suppressedMarker: typeof SUPPRESSED_MARKER;
  readonly dossiers: Published<number>;
  /** One dossier per applicant across communes (cantonal quota rule). */
  readonly dossiersDeduplicated: Published<number>;
  readonly supportedPersons: Published<number>;
  /** Supported persons per 100 inhabitants, one decimal (null without a population). */
  readonly socialAssistanceRatePercent: Published<string> | null;
  readonly newDossiers: Published<number>;
  readonly reopenedDossiers: Published<number>;
  readonly closedDossiers: Published<number>;
  /** Median duration of support (months) of the dossiers closed in the period. */
  readonly medianDurationMonths: Published<number> | null;
  /** Closed dossiers by duration class: `0-11`, `12-23`, `24-47`, `48+` months. */
  readonly durationClasses: Readonly<Record<string, Published<number>>>;
  /** Closed dossiers by SHS closing reason (`unknown` when missing). */
  readonly closingReasons: Readonly<Record<string, Published<number>>>;
  readonly grossExpenditureChf: Published<string>;
  readonly reimbursementsChf: Published<string>;
  readonly netExpenditureChf: Published<string>;
  readonly albvAdvancedChf: Published<string>;
  readonly albvRecoveredChf: Published<string>;
}

const DURATION_CLASSES: readonly [string, number][] = [
  ['0-11', 12],
  ['12-23', 24],
  ['24-47', 48],
  ['48+', Infinity],
];

function scopeLabel(scope: IndicatorScope): string {
  if (scope.kind === 'canton') return scope.label ?? 'canton';
  if (scope.kind === 'commune') return `commune:${[...scope.municipalityBfsNumbers].sort((a, b) => a - b).join('+')}`;
  return `service:${scope.serviceId}`;
}

/** Supported persons per 100 inhabitants with one decimal, rounded half up, in integer arithmetic. */
export function ratePercent(persons: number, population: number): string {
  const tenths = Math.floor((persons * 2000 + population) / (2 * population));
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

/** Collects the indicators of one scope and period, one case at a time. */
export class IndicatorAccumulator {
  readonly #options: IndicatorOptions;
  readonly #threshold: number;
  #dossiers = 0;
  readonly #applicants = new Set<string>();
  readonly #persons = new Set<string>();
  #new = 0;
  #reopened = 0;
  readonly #closedDurations: number[] = [];
  readonly #reasons = new Map<string, number>();
  #gross = 0n;
  #received = 0n;
  readonly #grossCases = new Set<string>();
  readonly #receiptCases = new Set<string>();
  readonly #albv = { advanced: 0n, recovered: 0n, advancedCases: new Set<string>(), recoveredCases: new Set<string>() };

  constructor(options: IndicatorOptions) {
    if (options.population !== undefined && (!Number.isInteger(options.population) || options.population <= 0)) {
      throw new ConfigurationError('The population must be a positive whole number.', { details: { field: 'population' } });
    }
    this.#options = options;
    this.#threshold = options.threshold ?? DEFAULT_SUPPRESSION_THRESHOLD;
  }

  #inScope(municipality: number | undefined, serviceId: string | undefined): boolean {
    const scope = this.#options.scope;
    if (scope.kind === 'canton') return true;
    if (scope.kind === 'commune') return municipality !== undefined && scope.municipalityBfsNumbers.includes(municipality);
    return serviceId === scope.serviceId;
  }

  /** Adds one case (its bookings up to the period's end are taken into account). */
  add(bundle: StatsCaseBundle): void {
    const period = this.#options.period;
    const known = { ...bundle, bookings: bundle.bookings.filter((b) => b.bookingDate <= period.toDate) };
    const dossiers = deriveDossiers(known, { referenceMonth: period.toMonth });
    const persons = new Map(bundle.persons.map((p) => [p.id, p]));
    for (const d of dossiers) {
      // The social-assistance figures count WSH dossiers; ALBV is reported by its amounts.
      if (d.domain !== 'WSH' || !this.#inScope(d.municipalityBfsNumber, d.serviceId)) continue;
      if (hasPaymentIn(d, period)) {
        this.#dossiers += 1;
        const applicant = d.applicantPersonId ?? bundle.case.personId;
        this.#applicants.add(personIdentity(persons.get(applicant), applicant));
        for (const m of dossierMembers(known, d)) if (m.isSupported) this.#persons.add(personIdentity(persons.get(m.personId), m.personId));
        if (inPeriodStart(d, period)) {
          if (d.openingType === '2') this.#reopened += 1;
          else this.#new += 1;
        }
      }
      if (closedIn(d, period)) {
        this.#closedDurations.push(d.durationMonths);
        const reason = d.closingReason ?? 'unknown';
        this.#reasons.set(reason, (this.#reasons.get(reason) ?? 0) + 1);
      }
    }
    this.#addMoney(bundle, known.bookings, dossiers);
  }

  #addMoney(bundle: StatsCaseBundle, bookings: readonly Booking[], dossiers: readonly StatisticalDossier[]): void {
    const period = this.#options.period;
    const byId = new Map(bookings.map((b) => [b.id, b]));
    for (const b of bookings) {
      if (!inPeriod(period, b.bookingDate.slice(0, 7))) continue;
      const type = b.reversesBookingId === undefined ? b.bookingType : byId.get(b.reversesBookingId)?.bookingType;
      if (type === undefined) continue;
      const dossier = dossierOfBooking(dossiers, b);
      const municipality = dossier?.municipalityBfsNumber ?? bundle.case.municipalityBfsNumber;
      if (!this.#inScope(municipality, bundle.case.responsibleServiceId)) continue;
      if (ASSISTANCE_PAYMENT_TYPES.has(type)) {
        this.#gross += BigInt(b.amountRappen);
        this.#grossCases.add(bundle.case.id);
      } else if (RECEIPT_TYPES.has(type)) {
        // Receipts are negative amounts; reimbursements are reported as a positive figure.
        this.#received -= BigInt(b.amountRappen);
        this.#receiptCases.add(bundle.case.id);
      }
    }
  }

  /** Adds one ALBV amount (advances paid, or advances recovered from the debtor) of the period. */
  addAlbv(amount: AlbvAmount): void {
    if (!this.#inScope(amount.municipalityBfsNumber, amount.serviceId)) return;
    if (amount.kind === 'advanced') {
      this.#albv.advanced += amount.rappen;
      this.#albv.advancedCases.add(amount.caseId);
    } else {
      this.#albv.recovered += amount.rappen;
      this.#albv.recoveredCases.add(amount.caseId);
    }
  }

  /**
   * The cells bound by identities a reader can use: gross − reimbursements = net; closed dossiers =
   * Σ duration classes = Σ closing reasons. Primary suppression: small counts, money on few cases.
   */
  #tableCells(classes: ReadonlyMap<string, number>, closed: number, moneyBasis: number): TableCells {
    const t = this.#threshold;
    const values = new Map<string, number | bigint>([
      ['gross', this.#gross],
      ['reimbursements', this.#received],
      ['net', this.#gross - this.#received],
      ['closed', closed],
    ]);
    const primary = new Set<string>();
    if (isSmallCount(this.#grossCases.size, t)) primary.add('gross');
    if (isSmallCount(this.#receiptCases.size, t)) primary.add('reimbursements');
    if (isSmallCount(moneyBasis, t)) primary.add('net');
    if (isSmallCount(closed, t)) primary.add('closed');
    const parts = (prefix: string, counts: ReadonlyMap<string, number>): string[] =>
      [...counts].map(([k, n]) => {
        values.set(`${prefix}${k}`, n);
        if (isSmallCount(n, t)) primary.add(`${prefix}${k}`);
        return `${prefix}${k}`;
      });
    const identities: TableIdentity[] = [
      {
        name: 'gross-reimbursements-net',
        terms: [
          { cell: 'gross', coefficient: 1 },
          { cell: 'reimbursements', coefficient: -1 },
          { cell: 'net', coefficient: -1 },
        ],
      },
      sumIdentity('closed-by-duration', 'closed', parts('duration:', classes)),
      sumIdentity('closed-by-reason', 'closed', parts('reason:', this.#reasons)),
    ];
    return { values, primary, identities };
  }

  /** The published table. */
  result(): IndicatorTable {
    const t = this.#threshold;
    const persons = this.#persons.size;
    const sorted = [...this.#closedDurations].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    // Median of whole months; with an even count the lower middle value (stays a whole month).
    const median = sorted.length === 0 ? null : (sorted[sorted.length % 2 === 1 ? mid : mid - 1] as number);
    const classes = new Map<string, number>(DURATION_CLASSES.map(([k]) => [k, 0]));
    for (const months of sorted) {
      const cls = DURATION_CLASSES.find(([, below]) => months < below)?.[0] ?? '48+';
      classes.set(cls, (classes.get(cls) ?? 0) + 1);
    }
    const moneyBasis = new Set([...this.#grossCases, ...this.#receiptCases]).size;
    const population = this.#options.population;
    const cells = this.#tableCells(classes, sorted.length, moneyBasis);
    const hidden = complementarySuppression(cells.values, cells.primary, cells.identities);
    const money = (cell: string, rappen: bigint): Published<string> => (hidden.has(cell) ? SUPPRESSED_MARKER : rappenToChf(rappen));
    const distribution = (prefix: string, counts: ReadonlyMap<string, number>): Record<string, Published<number>> =>
      Object.fromEntries(
        [...counts]
          .filter(([, n]) => n > 0)
          .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
          .map(([k, n]) => [k, hidden.has(`${prefix}${k}`) ? SUPPRESSED_MARKER : n]),
      );
    return {
      period: this.#options.period.label,
      scope: scopeLabel(this.#options.scope),
      threshold: t,
      suppressedMarker: SUPPRESSED_MARKER,
      dossiers: suppressCount(this.#dossiers, t),
      dossiersDeduplicated: suppressCount(this.#applicants.size, t),
      supportedPersons: suppressCount(persons, t),
      socialAssistanceRatePercent: population === undefined ? null : suppressByBasis(ratePercent(persons, population), persons, t),
      newDossiers: suppressCount(this.#new, t),
      reopenedDossiers: suppressCount(this.#reopened, t),
      closedDossiers: hidden.has('closed') ? SUPPRESSED_MARKER : sorted.length,
      medianDurationMonths: median === null ? null : suppressByBasis(median, sorted.length, t),
      durationClasses: distribution('duration:', classes),
      closingReasons: distribution('reason:', this.#reasons),
      grossExpenditureChf: money('gross', this.#gross),
      reimbursementsChf: money('reimbursements', this.#received),
      netExpenditureChf: money('net', this.#gross - this.#received),
      albvAdvancedChf: suppressByBasis(rappenToChf(this.#albv.advanced), this.#albv.advancedCases.size, t),
      albvRecoveredChf: suppressByBasis(rappenToChf(this.#albv.recovered), this.#albv.recoveredCases.size, t),
    };
  }
}

/** The cells of the indicator table that take part in an identity, with their values and primary suppression. */
interface TableCells {
  readonly values: Map<string, number | bigint>;
  readonly primary: Set<string>;
  readonly identities: TableIdentity[];
}

/** The indicators of an in-memory list of cases (tests, small stores). */
export function computeIndicators(bundles: Iterable<StatsCaseBundle>, options: IndicatorOptions, albv: Iterable<AlbvAmount> = []): IndicatorTable {
  const acc = new IndicatorAccumulator(options);
  for (const bundle of bundles) acc.add(bundle);
  for (const amount of albv) acc.addAlbv(amount);
  return acc.result();
}
