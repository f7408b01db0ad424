/**
 * The fix list: what a clerk has to correct after a run, grouped by issue, as a CSV file a spreadsheet
 * opens. One line per flagged record and issue: the quarantined source rows (from the target's ledger)
 * and the case-check findings (from the run report), each under its issue code with the code's sentence
 * in the report language; then the rows that loaded with warnings and (on request) the rows a named
 * filter rule left out, from the record-level ledger, so a clerk sees every row to look at. The legacy key of a ledger row is filled in only for a user holding the
 * commune's key file, and only after the row's pseudonymous reference recomputes under that key; without
 * the key the column stays empty, and the list carries pseudonymous references only.
 *
 * The CSV is written with csv-stringify (RFC 4180 quoting), UTF-8 with a byte-order mark (so Excel reads
 * the umlauts), `;` as the default delimiter (what Excel expects in the Swiss and German locales; `,` on
 * request), and every cell that a spreadsheet would run as a formula (starting with = + - @, a TAB or a
 * CR) is prefixed with an apostrophe (OWASP, CSV injection): legacy keys and field paths come from the
 * source and must never execute.
 */
import { stringify } from 'csv-stringify/sync';
import { ConfigurationError } from '../core/errors.js';
import type { QuarantineEntry, RecordNote } from '../core/pipeline/canonical-target.js';
import { sourceRecordRef } from '../core/pipeline/identity.js';
import type { PseudonymKey } from '../core/pseudonyms/pseudonym-key.js';
import type { CaseCheckFlag } from '../core/report/case-checks-section.js';
import type { ReportLanguage } from '../core/report/i18n/report-language.js';
import { reportMessages } from '../core/report/i18n/report-messages.js';
import { issueMeaning } from '../core/report/report-wording.js';

/** Delimiters the fix list can be written with. */
export const FIX_LIST_DELIMITERS = [';', ','] as const;

/** A fix-list delimiter. */
export type FixListDelimiter = (typeof FIX_LIST_DELIMITERS)[number];

/** One line of the fix list: one issue of one flagged record. */
export interface FixListRow {
  readonly issueCode: string;
  readonly severity: string;
  /**
   * `quarantine`: the row was not loaded; `case_check`: the record was loaded and is flagged for review;
   * `warning`: the row loaded with a warning; `filtered`: a named filter rule left it out (its code is the rule's name).
   */
  readonly kind: 'quarantine' | 'case_check' | 'warning' | 'filtered';
  /** Lines of this issue code in the list (the group's size). */
  readonly groupRows: number;
  /** Pseudonymous reference: `mapping:hash` of a quarantined row, the canonical id of a flagged record. */
  readonly recordRef: string;
  /** The legacy key, for a holder of the commune's key; `null` without it (or for a case-check flag). */
  readonly legacyKey: string | null;
  readonly mapping: string;
  readonly entity: string;
  readonly sourceTable: string;
  /** The offending field's path (quarantine) or the case's canonical id (case check). */
  readonly field: string;
}

/** What the fix list is made from. */
export interface FixListInput {
  /** The run's quarantined rows from the ledger. */
  readonly quarantine: readonly QuarantineEntry[];
  /** The run's rows loaded with warnings and (when wanted) filtered rows, from the record-level ledger. */
  readonly notes?: Iterable<RecordNote>;
  /** The run report's case-check flags (none when the report has no case checks). */
  readonly caseFlags?: readonly CaseCheckFlag[];
  /** Mapping name → canonical entity. */
  readonly entityOf: (mapping: string) => string | undefined;
  readonly sourceSystem: string;
  /** The commune's key: legacy keys are filled in when given. */
  readonly key: PseudonymKey | null;
}

const SEVERITY_ORDER: Readonly<Record<string, number>> = { error: 0, warning: 1, info: 2 };

/**
 * The fix list's rows, grouped by issue code (errors first, then the largest groups, then the code) and
 * sorted inside a group by mapping and reference. A quarantined row with two issues appears in both
 * groups, as in the report. Throws when `key` did not make the run's references (a foreign key file).
 */
export function fixListRows(input: FixListInput): FixListRow[] {
  const lines: Omit<FixListRow, 'groupRows'>[] = [];
  const legacyKeyOf = (e: { mapping: string; sourceTable: string; sourceKey: string; recordRef: string }): string | null => {
    if (input.key === null) return null;
    if (sourceRecordRef(e.mapping, input.sourceSystem, e.sourceTable, e.sourceKey, input.key) !== e.recordRef) {
      throw new ConfigurationError("fixlist: this key file did not make the run's references; give the key file of the commune that ran it, or none.", {
        details: { keyId: input.key.keyId },
      });
    }
    return e.sourceKey;
  };
  const addLines = (
    e: { mapping: string; sourceTable: string; sourceKey: string; recordRef: string },
    codes: readonly string[],
    paths: readonly string[],
    severity: string,
    kind: FixListRow['kind'],
  ): void => {
    const legacyKey = legacyKeyOf(e);
    const entity = input.entityOf(e.mapping) ?? '';
    // A rule may report the same field twice (two checks, one code): one line is enough to act on.
    const seen = new Set<string>();
    codes.forEach((code, i) => {
      const id = `${code}\u0000${paths[i] ?? ''}`;
      if (seen.has(id)) return;
      seen.add(id);
      lines.push({
        issueCode: code,
        severity,
        kind,
        recordRef: e.recordRef,
        legacyKey,
        mapping: e.mapping,
        entity,
        sourceTable: e.sourceTable,
        field: paths[i] ?? '',
      });
    });
  };
  for (const e of input.quarantine) addLines(e, e.issueCodes, e.paths, 'error', 'quarantine');
  for (const n of input.notes ?? []) addLines(n, n.codes, n.paths, n.bucket === 'warning' ? 'warning' : 'info', n.bucket);
  for (const f of input.caseFlags ?? []) {
    lines.push({
      issueCode: f.code,
      severity: f.severity,
      kind: 'case_check',
      recordRef: f.recordRef ?? f.caseRef,
      legacyKey: null,
      mapping: '',
      entity: f.entity,
      sourceTable: '',
      field: f.caseRef,
    });
  }
  const sizes = new Map<string, number>();
  const severityOf = new Map<string, string>();
  for (const l of lines) {
    sizes.set(l.issueCode, (sizes.get(l.issueCode) ?? 0) + 1);
    const known = severityOf.get(l.issueCode);
    if (known === undefined || (SEVERITY_ORDER[l.severity] ?? 3) < (SEVERITY_ORDER[known] ?? 3)) severityOf.set(l.issueCode, l.severity);
  }
  const text = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return lines
    .map((l): FixListRow => ({ ...l, groupRows: sizes.get(l.issueCode) ?? 0 }))
    .sort(
      (a, b) =>
        (SEVERITY_ORDER[severityOf.get(a.issueCode) ?? ''] ?? 3) - (SEVERITY_ORDER[severityOf.get(b.issueCode) ?? ''] ?? 3) ||
        b.groupRows - a.groupRows ||
        text(a.issueCode, b.issueCode) ||
        text(a.mapping, b.mapping) ||
        text(a.entity, b.entity) ||
        text(a.recordRef, b.recordRef) ||
        text(a.field, b.field),
    );
}

/** Makes a cell safe to open in a spreadsheet: a leading = + - @ TAB or CR gets an apostrophe (OWASP). */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Renders the fix list as CSV: UTF-8 BOM, header in the report language, RFC 4180 quoting, CRLF lines. */
export function renderFixListCsv(rows: readonly FixListRow[], options: { readonly lang?: ReportLanguage; readonly delimiter?: FixListDelimiter } = {}): string {
  const m = reportMessages(options.lang);
  const c = m.fixColumns;
  const header = [c.issue_code, c.issue, c.severity, c.kind, c.group_rows, c.record_ref, c.legacy_key, c.mapping, c.entity, c.source_table, c.field];
  const records = rows.map((r) => [
    r.issueCode,
    r.kind === 'filtered' ? m.fixFilteredIssue(r.issueCode) : issueMeaning(r.issueCode, m),
    m.severity[r.severity] ?? r.severity,
    m.fixKind[r.kind] ?? r.kind,
    String(r.groupRows),
    r.recordRef,
    r.legacyKey ?? '',
    r.mapping,
    r.entity,
    r.sourceTable,
    r.field,
  ]);
  return stringify(
    [header, ...records].map((cells) => cells.map(neutralizeFormula)),
    { bom: true, delimiter: options.delimiter ?? ';', record_delimiter: 'windows', quoted_match: /^\s|\s$/ },
  );
}
