/**
 * The case-check flags of a run grouped by issue code, for the "Flagged records" part of the reports: a
 * clerk acts on "16 open cases whose last payment is older than six months", not on a list of ~90 pairs
 * of UUIDs. The record-by-record list (with legacy keys for the key holder) is the fix list's job.
 */
import type { IssueSeverity } from '../model/validation-issue.js';
import type { CaseChecksSection } from './case-checks-section.js';

/** The flags of one issue code. */
export interface FlagGroup {
  readonly code: string;
  /** Severity of the code's flags (`null` when no flag of it is listed). */
  readonly severity: IssueSeverity | null;
  /** Issues of this code (exact, from the section's counts). */
  readonly issues: number;
  /** Distinct cases among the listed flags. */
  readonly cases: number;
  /** Distinct records among the listed flags (flags that name no record count their case). */
  readonly records: number;
  /** Entities of the flagged records, sorted. */
  readonly entities: readonly string[];
  /** True when the section listed fewer flags of this code than it counted. */
  readonly partial: boolean;
}

const SEVERITY_ORDER: Readonly<Record<string, number>> = { error: 0, warning: 1, info: 2 };

/** Groups the section's flags by code: errors first, then by number of issues, then by code. */
export function groupCaseCheckFlags(section: Pick<CaseChecksSection, 'byCode' | 'flags'>): FlagGroup[] {
  const byCode = new Map<string, { severity: IssueSeverity | null; cases: Set<string>; records: Set<string>; entities: Set<string>; listed: number }>();
  for (const code of Object.keys(section.byCode)) byCode.set(code, { severity: null, cases: new Set(), records: new Set(), entities: new Set(), listed: 0 });
  for (const f of section.flags) {
    let g = byCode.get(f.code);
    if (g === undefined) byCode.set(f.code, (g = { severity: null, cases: new Set(), records: new Set(), entities: new Set(), listed: 0 }));
    g.severity ??= f.severity;
    g.cases.add(f.caseRef);
    g.records.add(`${f.entity}:${f.recordRef ?? f.caseRef}`);
    g.entities.add(f.entity);
    g.listed += 1;
  }
  return [...byCode.entries()]
    .map(([code, g]): FlagGroup => {
      const issues = section.byCode[code] ?? g.listed;
      return { code, severity: g.severity, issues, cases: g.cases.size, records: g.records.size, entities: [...g.entities].sort(), partial: g.listed < issues };
    })
    .sort(
      (a, b) =>
        (SEVERITY_ORDER[a.severity ?? 'info'] ?? 3) - (SEVERITY_ORDER[b.severity ?? 'info'] ?? 3) ||
        b.issues - a.issues ||
        (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
    );
}
