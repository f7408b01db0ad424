/** The code-list membership check as an issue-returning rule. */
import type { ValidationIssue } from '../core/model/validation-issue.js';
import { isKnownCode } from './code-lists.js';
import { makeIssue, type IssueContext } from './issue.js';

/** Returns `code.unknown` when the code is not in the list (the message names list and path, not the value). */
export function checkCode(listId: string, code: string, path: string, context: IssueContext = {}): ValidationIssue[] {
  if (isKnownCode(listId, code)) return [];
  return [makeIssue('code.unknown', 'error', path, `${path} holds a code that is not in code list ${listId}.`, context, { codeList: listId })];
}
