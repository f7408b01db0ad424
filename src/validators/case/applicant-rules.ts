/**
 * A social-assistance case (WSH, ALBV) has exactly one applicant (SHS person role 1) among the members
 * of its support units, and every member refers to a person of the bundle.
 */
import type { ValidationIssue } from '../../core/model/validation-issue.js';
import { makeIssue } from '../issue.js';
import { refOf, SHS_DOMAINS, str, type CaseRule } from './case-bundle.js';

/** The SHS person-role code of the applicant. */
export const APPLICANT_ROLE = '1';

/** `case.applicant_missing`, `case.applicant_multiple`, `case.member_person_missing`. */
export const applicantRule: CaseRule = (bundle) => {
  const issues: ValidationIssue[] = [];
  const caseRef = refOf(bundle.case);
  const ctx = { entity: 'case', ...(caseRef === undefined ? {} : { recordRef: caseRef }) };
  const unitIds = new Set((bundle.supportUnits ?? []).filter((u) => str(u, 'caseId') === caseRef).map((u) => str(u, 'id')));
  const members = (bundle.supportUnitMembers ?? []).filter((m) => unitIds.has(str(m, 'supportUnitId')));
  const personIds = new Set((bundle.persons ?? []).map((p) => str(p, 'id')));
  for (const member of members) {
    if (!personIds.has(str(member, 'personId'))) {
      const ref = refOf(member);
      issues.push(
        makeIssue('case.member_person_missing', 'error', '/personId', 'A support-unit member refers to a person missing from the case bundle.', {
          entity: 'supportUnitMember',
          ...(ref === undefined ? {} : { recordRef: ref }),
        }),
      );
    }
  }
  if (!SHS_DOMAINS.has(str(bundle.case, 'domain') ?? '')) return issues;
  const applicants = new Set(members.filter((m) => str(m, 'role') === APPLICANT_ROLE).map((m) => str(m, 'personId')));
  if (applicants.size === 0) {
    issues.push(makeIssue('case.applicant_missing', 'error', '', 'The case has no applicant (SHS person role 1) in its support units.', ctx));
  } else if (applicants.size > 1) {
    issues.push(
      makeIssue('case.applicant_multiple', 'warning', '', 'The case has more than one applicant person in its support units.', ctx, {
        applicants: applicants.size,
      }),
    );
  }
  return issues;
};
