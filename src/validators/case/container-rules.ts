/**
 * A case that names its dossier (`caseContainerId`, KiSS FaFall above FaLeistung) lies within the
 * dossier's dates and belongs to the dossier's person. Both are warnings: the case loads, and a clerk
 * checks whether the dossier or the case carries the wrong date or person.
 */
import type { ValidationIssue } from '../../core/model/validation-issue.js';
import { makeIssue } from '../issue.js';
import { refOf, str, type CaseRule } from './case-bundle.js';

/** `case.outside_container`, `case.container_other_person`. */
export const containerRule: CaseRule = (bundle) => {
  const container = bundle.container;
  if (container === undefined || container === null || str(bundle.case, 'caseContainerId') !== str(container, 'id')) return [];
  const issues: ValidationIssue[] = [];
  const caseRef = refOf(bundle.case);
  const ctx = { entity: 'case', ...(caseRef === undefined ? {} : { recordRef: caseRef }) };
  const opened = str(bundle.case, 'openedOn');
  const closed = str(bundle.case, 'closedOn');
  const containerOpened = str(container, 'openedOn');
  const containerClosed = str(container, 'closedOn');
  // Calendar dates as YYYY-MM-DD compare as text.
  if (opened !== undefined && containerOpened !== undefined && opened < containerOpened) {
    issues.push(makeIssue('case.outside_container', 'warning', '/openedOn', 'The case was opened before its dossier.', ctx));
  }
  if (containerClosed !== undefined && (closed === undefined || closed > containerClosed)) {
    issues.push(makeIssue('case.outside_container', 'warning', '/closedOn', 'The case is open or closed after its dossier was closed.', ctx));
  }
  const person = str(bundle.case, 'personId');
  if (person !== undefined && str(container, 'personId') !== undefined && person !== str(container, 'personId')) {
    issues.push(makeIssue('case.container_other_person', 'warning', '/caseContainerId', 'The case belongs to another person than its dossier.', ctx));
  }
  return issues;
};
