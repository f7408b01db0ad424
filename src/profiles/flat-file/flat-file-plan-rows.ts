/**
 * The rows of the flat-file plan: what a planned row is, the fate a correct run gives it, the codes the
 * plan expects, and the formatting of cells as the export writes them (Swiss dates and money, AHV).
 */
import { FLAT_FILE_TABLES, type FlatFileTable } from './flat-file-layout.js';

/** What a correct run does with a source row. */
export type RowFate =
  | { readonly bucket: 'loaded' }
  | { readonly bucket: 'filtered'; readonly rule: string }
  | { readonly bucket: 'quarantined'; readonly code: string };

/** A defect planted on one row, with where it must end up (`flagged`: loaded, but reported; `statistics`: loaded, but its dossier fails the SHS checks). */
export interface PlantedRowDefect {
  readonly id: string;
  readonly description: string;
  readonly bucket: 'quarantined' | 'filtered' | 'flagged' | 'statistics';
  readonly code: string;
}

/** A document file the export references. */
export interface PlannedDocument {
  /** Path relative to the export folder, as written in `DATEI`. */
  readonly path: string;
  readonly bytes: number;
  /** Seed of the synthetic content. */
  readonly seed: number;
  /** True when the export lists the document but the file is missing (planted defect). */
  readonly missing: boolean;
}

/** One row of one export file. */
export interface PlannedRow {
  readonly table: FlatFileTable;
  readonly key: string;
  /** Cell texts by column, as written to the file. */
  readonly cells: Readonly<Record<string, string>>;
  readonly fate: RowFate;
  readonly defect?: PlantedRowDefect;
  readonly document?: PlannedDocument;
}

/** Issue codes and rule names the plan expects (the mappings' own codes; see the mappings). */
export const FLAT_FILE_CODES = {
  ahvCheckDigit: 'transform.ahv_check_digit',
  twoDigitYear: 'transform.date_two_digit_year',
  dateInvalid: 'transform.date_invalid',
  moneyInvalid: 'transform.money_invalid',
  unmapped: 'codes.unmapped',
  unapproved: 'codes.unapproved',
  referenceMissing: 'reference.missing',
  testDossiers: 'test-dossiers',
  duplicate: 'duplicate',
  documentMissing: 'document.content_missing',
  closingReasonMissing: 'shs.closing_reason_missing',
  applicantMissing: 'case.applicant_missing',
} as const;

/** Zero-padded number. */
export const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
/** A Swiss date `dd.mm.yyyy`. */
export const swissDate = (y: number, m: number, d: number): string => `${pad(d)}.${pad(m)}.${y}`;
/** Last day of a month. */
export const lastDay = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** A valid AHVN13 (EAN-13 check digit) for a number, written with dots as exports do (`756.1234.5678.97`). */
export function syntheticAhv(n: number, breakCheckDigit = false): string {
  const body = `756${String(n).padStart(9, '0')}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
  let check = (10 - (sum % 10)) % 10;
  if (breakCheckDigit) check = (check + 1) % 10;
  const digits = `${body}${check}`;
  return `${digits.slice(0, 3)}.${digits.slice(3, 7)}.${digits.slice(7, 11)}.${digits.slice(11)}`;
}

/** Rappen as the export writes money: `1'234.50`, whole francs as `1'200.–` when `dash` is set. */
export function formatSwissMoney(rappen: number, dash = false): string {
  const negative = rappen < 0;
  const abs = Math.abs(rappen);
  const francs = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, "'");
  const cents = abs % 100;
  const tail = cents === 0 && dash ? '.–' : `.${pad(cents)}`;
  return `${negative ? '-' : ''}${francs}${tail}`;
}

/** A frozen planned row. */
export function row(
  table: FlatFileTable,
  cells: Record<string, string>,
  fate: RowFate = { bucket: 'loaded' },
  defect?: PlantedRowDefect,
  document?: PlannedDocument,
): PlannedRow {
  const key = cells[FLAT_FILE_TABLES[table].key] ?? '';
  return Object.freeze({ table, key, cells: Object.freeze(cells), fate, ...(defect ? { defect } : {}), ...(document ? { document } : {}) });
}

/** A planned payment row. */
export function payment(
  next: { payment: number },
  dossier: string,
  person: string,
  budget: string,
  year: number,
  month: number,
  day: number,
  rappen: number,
  kind: string,
  fate?: RowFate,
  defect?: PlantedRowDefect,
): PlannedRow {
  return row(
    'payments',
    {
      BELEG_NR: String(++next.payment),
      DOSSIER_NR: dossier,
      PERS_NR: person,
      BUDGET_NR: budget,
      BUCHUNGSDATUM: swissDate(year, month, day),
      VALUTA: swissDate(year, month, day),
      BETRAG: formatSwissMoney(rappen),
      BUCHUNGSART: kind,
      MONAT: `${pad(month)}.${year}`,
    },
    fate,
    defect,
  );
}
