/**
 * Building issues for the Swiss rule validators. Every check reports through `makeIssue` so that messages
 * stay uniform and never contain the checked value: they name the rule, the path and, where useful, a
 * code-list id or a limit.
 */
import type { IssueSeverity, ValidationIssue } from '../core/model/validation-issue.js';
import type { IssueCode } from '../core/issue-codes.js';

/** Where a check runs: the entity and the pseudonymous record reference to put on its issues. */
export interface IssueContext {
  /** Canonical entity name (e.g. `person`); empty when a value is checked on its own. */
  readonly entity?: string;
  /** Pseudonymous reference of the record. */
  readonly recordRef?: string;
}

/** Creates one issue with a registered code (`ISSUE_CODE_MEANINGS`); `details` must hold no personal values. */
export function makeIssue(
  code: IssueCode,
  severity: IssueSeverity,
  path: string,
  message: string,
  context: IssueContext = {},
  details?: Readonly<Record<string, string | number | boolean | null>>,
): ValidationIssue {
  return {
    code,
    severity,
    entity: context.entity ?? '',
    path,
    message,
    ...(context.recordRef === undefined ? {} : { recordRef: context.recordRef }),
    ...(details === undefined ? {} : { details }),
  };
}
