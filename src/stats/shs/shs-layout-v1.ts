/**
 * Layout 1 of the casebridge SHS delivery (modernized method: monthly basic data plus a booking table).
 * The official BFS XML schema and the list of the 20 basic data items are not public (domain brief
 * §1.3), so this module is the ONE place that fixes the files' columns: an official layout replaces it
 * by a new module with a new version, and nothing else changes. Documented in `docs/statistics.md`.
 *
 * Per month `M` a delivery has three tables (CSV with header, or JSON Lines) and a manifest:
 * `shs-<M>-dossiers`, `shs-<M>-persons`, `shs-<M>-bookings`, `shs-<M>-manifest.json`.
 * No names, addresses, AHV numbers, free text, IBANs or payees: persons appear by pseudonymous key with
 * birth year and month, sex, marital status and nationality only.
 */

/** Version tag written into every manifest. */
export const SHS_LAYOUT_VERSION = 'casebridge-shs-v1';

/** One column of a table. */
export interface ShsColumn<R> {
  readonly name: keyof R & string;
  readonly required: boolean;
  readonly description: string;
}

/** One dossier as delivered for a month (SHS basic dossier data). */
export interface ShsDossierRow {
  readonly dossierKey: string;
  readonly reportMonth: string;
  readonly municipalityBfsNumber: number;
  readonly institutionCode: string | null;
  readonly benefitClass: string | null;
  readonly benefitType: string | null;
  readonly applicationType: '1' | '2' | '3';
  readonly firstPaymentMonth: string;
  readonly lastPaymentMonth: string;
  readonly status: 'running' | 'closed';
  readonly closureMonth: string | null;
  readonly closingReason: string | null;
  readonly durationMonths: number;
  readonly supportedPersons: number;
  readonly paidInMonthChf: string;
}

/** One person of a dossier (SHS person data, pseudonymous). */
export interface ShsPersonRow {
  readonly dossierKey: string;
  readonly personKey: string;
  readonly role: string;
  readonly relationshipToApplicant: string | null;
  readonly isSupported: boolean;
  readonly sex: string | null;
  readonly birthYear: number | null;
  readonly birthMonth: number | null;
  readonly maritalStatus: string | null;
  readonly nationality: string | null;
}

/** One client-accounting booking of the month (SHS booking table). */
export interface ShsBookingRow {
  readonly dossierKey: string;
  readonly bookingKey: string;
  readonly reversesBookingKey: string | null;
  readonly personKey: string | null;
  readonly bookingType: string;
  readonly bookingDate: string;
  readonly valueDate: string | null;
  readonly periodMonth: string | null;
  readonly amountChf: string;
  readonly debitAccount: string | null;
  readonly creditAccount: string | null;
}

/** Columns of the dossier table, in file order. */
export const SHS_DOSSIER_COLUMNS: readonly ShsColumn<ShsDossierRow>[] = [
  { name: 'dossierKey', required: true, description: 'Pseudonymous dossier key (UUIDv5 of case id and dossier sequence).' },
  { name: 'reportMonth', required: true, description: 'Month of the delivery (YYYY-MM).' },
  { name: 'municipalityBfsNumber', required: true, description: 'Commune keeping the dossier (BFS number, SHS gemeinde_id).' },
  { name: 'institutionCode', required: false, description: 'BFS institution code of the service (sozialleistungstraeger_id).' },
  { name: 'benefitClass', required: true, description: 'Leistungsklasse: WSH, SH-FluStat, SH-AsylStat, ALBV.' },
  { name: 'benefitType', required: true, description: 'Leistungsart (BFSLeistungsart, var. 1.00).' },
  { name: 'applicationType', required: true, description: '1 new, 2 re-opened after a break of more than six months, 3 running (var. 15.01).' },
  { name: 'firstPaymentMonth', required: true, description: 'Month of the first ordinary payment of the dossier.' },
  { name: 'lastPaymentMonth', required: true, description: 'Month of the last ordinary payment known at the end of the report month.' },
  { name: 'status', required: true, description: 'running, or closed in the report month.' },
  { name: 'closureMonth', required: false, description: 'Month the dossier is closed (six months after the last payment, or the last month before a move).' },
  {
    name: 'closingReason',
    required: false,
    description: 'Main reason for ending support (BFSAbschlussHauptGrund 1–30), only when closed in the report month.',
  },
  { name: 'durationMonths', required: true, description: 'Months from first to last payment, interruptions under six months included.' },
  { name: 'supportedPersons', required: true, description: 'Persons of the support unit who are supported.' },
  { name: 'paidInMonthChf', required: true, description: 'Assistance paid in the report month (payments minus their stornos), CHF with two decimals.' },
];

/** Columns of the person table, in file order. */
export const SHS_PERSON_COLUMNS: readonly ShsColumn<ShsPersonRow>[] = [
  { name: 'dossierKey', required: true, description: 'Dossier the person belongs to.' },
  {
    name: 'personKey',
    required: true,
    description: "Pseudonymous person key (HMAC under the canton's pseudonym key; stable across communes that share the key).",
  },
  { name: 'role', required: true, description: 'BFSPerson: 1 applicant, 2 member of the support unit, 3 member of the household.' },
  { name: 'relationshipToApplicant', required: false, description: 'BFSBeziehungstyp 1–18.' },
  { name: 'isSupported', required: true, description: 'true when the person is included in the budget.' },
  { name: 'sex', required: true, description: 'BFSGeschlecht: 1 male, 2 female (eCH-0011 3 "unknown" is left empty).' },
  { name: 'birthYear', required: true, description: 'Year of birth.' },
  { name: 'birthMonth', required: false, description: 'Month of birth (1–12) when known.' },
  { name: 'maritalStatus', required: false, description: 'eCH-0011 marital status code.' },
  { name: 'nationality', required: false, description: 'Main nationality, ISO 3166-1 alpha-2.' },
];

/** Columns of the booking table, in file order. */
export const SHS_BOOKING_COLUMNS: readonly ShsColumn<ShsBookingRow>[] = [
  { name: 'dossierKey', required: true, description: 'Dossier the booking is attributed to.' },
  { name: 'bookingKey', required: true, description: 'Canonical booking id (pseudonymous).' },
  { name: 'reversesBookingKey', required: false, description: 'For a storno: the booking it reverses.' },
  { name: 'personKey', required: false, description: 'Client the booking is for.' },
  { name: 'bookingType', required: true, description: 'cb.bookingType code (ORDINARY_PAYMENT, ONE_OFF_PAYMENT, REIMBURSEMENT_RECEIVED, …).' },
  { name: 'bookingDate', required: true, description: 'Day the booking was recorded (in the report month).' },
  { name: 'valueDate', required: false, description: 'Value date.' },
  { name: 'periodMonth', required: false, description: 'Support month the booking is attributed to.' },
  { name: 'amountChf', required: true, description: 'Signed amount in CHF, two decimals: positive paid out, negative received or reversed.' },
  { name: 'debitAccount', required: false, description: 'Debit account (cost type).' },
  { name: 'creditAccount', required: false, description: 'Credit account.' },
];

/** The three tables of a delivery. */
export const SHS_TABLES = {
  dossiers: SHS_DOSSIER_COLUMNS,
  persons: SHS_PERSON_COLUMNS,
  bookings: SHS_BOOKING_COLUMNS,
} as const;

/** File format of a delivery. */
export type ShsFileFormat = 'csv' | 'jsonl';

/** File name of one table (or the manifest) of a month's delivery. */
export function shsFileName(month: string, table: keyof typeof SHS_TABLES | 'manifest', format: ShsFileFormat): string {
  return table === 'manifest' ? `shs-${month}-manifest.json` : `shs-${month}-${table}.${format}`;
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV header line of a table (with line end). */
export function csvHeader<R>(columns: readonly ShsColumn<R>[]): string {
  return `${columns.map((c) => c.name).join(',')}\n`;
}

/** One row as a CSV line (with line end), columns in layout order. */
export function csvLine<R>(columns: readonly ShsColumn<R>[], row: R): string {
  return `${columns.map((c) => csvCell(row[c.name])).join(',')}\n`;
}

/** One row as a JSON Lines line (with line end), keys in layout order. */
export function jsonLine<R>(columns: readonly ShsColumn<R>[], row: R): string {
  return `${JSON.stringify(Object.fromEntries(columns.map((c) => [c.name, row[c.name] ?? null])))}\n`;
}

/** Exact CHF text (two decimals) of integer Rappen: `-12345` → `-123.45`. */
export function rappenToChf(rappen: number | bigint): string {
  const value = BigInt(rappen);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  return `${negative ? '-' : ''}${(abs / 100n).toString()}.${(abs % 100n).toString().padStart(2, '0')}`;
}
