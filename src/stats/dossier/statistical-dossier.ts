/**
 * The statistical dossier of the BFS SHS: the unit of count of the social-assistance statistics,
 * derived from an operational case by the 6-month rule and the commune-change rule (domain brief §1.1).
 * One case yields one dossier per uninterrupted support episode per commune.
 */
import { inPeriod, overlapsPeriod, type StatsPeriod } from '../period.js';

/** SHS application type (BFSAntrag, var. 15.01). */
export const APPLICATION_TYPE = { NEW: '1', REOPENED: '2', RUNNING: '3' } as const;

/** SHS closing reason "Wechsel des Wohnortes" (move to another commune, BFSAbschlussHauptGrund 20). */
export const CLOSING_REASON_MOVE = '20';

/** How a dossier ended (or that it has not). */
export type DossierEnd = 'open' | 'six-month-rule' | 'commune-change';

/** One statistical dossier. */
export interface StatisticalDossier {
  /** Pseudonymous dossier key: deterministic from the case id and the dossier's sequence number. */
  readonly dossierKey: string;
  readonly caseId: string;
  /** 1, 2, … within the case, in time order. */
  readonly sequence: number;
  readonly domain: string;
  /** Commune that keeps the dossier (BFS number). */
  readonly municipalityBfsNumber: number;
  readonly serviceId?: string;
  /** BFS institution code of the service (sozialleistungstraeger_id). */
  readonly institutionCode?: string;
  readonly benefitType?: string;
  readonly benefitClass?: string;
  /** Canonical id of the applicant (SHS person role 1), if known. */
  readonly applicantPersonId?: string;
  /** Months with an effective ordinary payment, sorted. */
  readonly paymentMonths: readonly string[];
  readonly firstPaymentMonth: string;
  readonly lastPaymentMonth: string;
  /** The month in which the dossier counts as closed (last payment + 6, or the last month before a move). */
  readonly closureMonth: string;
  /** True when the dossier is closed as of the reference month. */
  readonly closed: boolean;
  readonly end: DossierEnd;
  /** `1` new or `2` re-opened after a break of more than six months (the state when it started). */
  readonly openingType: '1' | '2';
  /** SHS closing reason (1–30), only on closed dossiers. */
  readonly closingReason?: string;
  /** Duration of support in months: first to last payment, interruptions under six months included. */
  readonly durationMonths: number;
}

/** The SHS application type of a dossier in a period: its opening type when it started in the period, else running. */
export function applicationTypeIn(dossier: StatisticalDossier, period: StatsPeriod): '1' | '2' | '3' {
  return inPeriod(period, dossier.firstPaymentMonth) ? dossier.openingType : APPLICATION_TYPE.RUNNING;
}

/**
 * True when the dossier is current in the period: it started on or before the period's last month and
 * has not been closed before the period's first month (it is counted, like the BFS does, in every
 * period from its first payment up to the month it is closed).
 */
export function isCurrentIn(dossier: StatisticalDossier, period: StatsPeriod): boolean {
  return overlapsPeriod(period, dossier.firstPaymentMonth, dossier.closed ? dossier.closureMonth : period.toMonth);
}

/** True when the dossier received at least one ordinary payment in the period (a "recipient" dossier). */
export function hasPaymentIn(dossier: StatisticalDossier, period: StatsPeriod): boolean {
  return overlapsPeriod(period, dossier.firstPaymentMonth, dossier.lastPaymentMonth) && dossier.paymentMonths.some((m) => inPeriod(period, m));
}

/** True when the dossier was closed in the period. */
export function closedIn(dossier: StatisticalDossier, period: StatsPeriod): boolean {
  return dossier.closed && inPeriod(period, dossier.closureMonth);
}

/** True when the dossier started (first ordinary payment) in the period. */
export function inPeriodStart(dossier: StatisticalDossier, period: StatsPeriod): boolean {
  return inPeriod(period, dossier.firstPaymentMonth);
}
