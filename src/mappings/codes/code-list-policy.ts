/**
 * What happens to a source code at map time. A code is either mapped (approved entry), unapproved
 * (entry with a target but still `proposed`), or unmapped (no entry, or an entry without target). The
 * policy decides whether unapproved and unmapped codes quarantine the row, or load (unapproved with a
 * warning; unmapped with a declared default code). Every outcome is counted in the coverage.
 */
import { isKnownCode } from '../../validators/code-lists.js';
import { ERROR_CODES, MappingError } from '../../core/errors.js';
import type { IssueCode } from '../../core/issue-codes.js';
import { codeKey, type CodeListMap } from './code-list-map.js';

/** How unmapped and unapproved codes are handled. */
export interface CodeListPolicy {
  /** `quarantine` (default) or load a declared default canonical code. */
  readonly unmapped: 'quarantine' | { readonly default: string };
  /** `quarantine` (default) or load the proposed target with a warning. */
  readonly unapproved: 'quarantine' | 'accept-with-warning';
}

/** The strict default: only approved codes load. */
export const STRICT_CODE_POLICY: CodeListPolicy = Object.freeze({ unmapped: 'quarantine', unapproved: 'quarantine' });

/** How one looked-up code was classified. */
export type CodeOutcome = 'mapped' | 'unmapped' | 'unapproved' | 'defaulted';

/** Stable issue codes of code-list lookups. */
export const CODE_ISSUE_CODES = {
  UNMAPPED: 'codes.unmapped',
  UNAPPROVED: 'codes.unapproved',
  DEFAULTED: 'codes.defaulted',
} as const satisfies Readonly<Record<string, IssueCode>>;

/** Result of one lookup: the canonical code to load (if any) and the issue to record (if any). */
export interface CodeLookup {
  readonly outcome: CodeOutcome;
  /** Normalised source code (the coverage key). */
  readonly sourceCode: string;
  readonly value?: string;
  readonly issue?: { readonly code: string; readonly severity: 'error' | 'warning' | 'info' };
}

/** Checks a policy against its map once, at definition time (the default must be a known canonical code). */
export function checkCodeListPolicy(map: CodeListMap, policy: CodeListPolicy): void {
  if (typeof policy.unmapped === 'object') {
    const code = policy.unmapped.default;
    if (code.trim() === '' || (map.targetCodeList !== undefined && !isKnownCode(map.targetCodeList, code))) {
      throw new MappingError('The default code of a code-list policy is not a code of the target list.', {
        code: ERROR_CODES.CODE_LIST_INVALID,
        details: { codeList: map.id, targetCodeList: map.targetCodeList ?? null },
      });
    }
  }
}

/** Looks a source code up and applies the policy. */
export function lookupCode(map: CodeListMap, source: string | number | boolean, policy: CodeListPolicy = STRICT_CODE_POLICY): CodeLookup {
  const sourceCode = codeKey(source, map.ignoreCase);
  const entry = map.entries.get(sourceCode);
  if (entry?.targetCode !== undefined) {
    if (entry.status === 'approved') return { outcome: 'mapped', sourceCode, value: entry.targetCode };
    if (policy.unapproved === 'accept-with-warning') {
      return { outcome: 'unapproved', sourceCode, value: entry.targetCode, issue: { code: CODE_ISSUE_CODES.UNAPPROVED, severity: 'warning' } };
    }
    return { outcome: 'unapproved', sourceCode, issue: { code: CODE_ISSUE_CODES.UNAPPROVED, severity: 'error' } };
  }
  if (typeof policy.unmapped === 'object') {
    return { outcome: 'defaulted', sourceCode, value: policy.unmapped.default, issue: { code: CODE_ISSUE_CODES.DEFAULTED, severity: 'info' } };
  }
  return { outcome: 'unmapped', sourceCode, issue: { code: CODE_ISSUE_CODES.UNMAPPED, severity: 'error' } };
}
