/**
 * Statistics readiness of a WSH/ALBV case for the BFS SHS: the dossier fields the delivery needs are
 * present (commune, benefit type and class, closing reason once closed) and the applicant carries sex and
 * birth date. One `shs.missing_field` warning per missing field, naming the field, never a value.
 */
import type { ValidationIssue } from '../../core/model/validation-issue.js';
import { makeIssue } from '../issue.js';
import { APPLICANT_ROLE } from './applicant-rules.js';
import { refOf, SHS_DOMAINS, str, type CaseRule } from './case-bundle.js';

/** `shs.missing_field` per missing case or applicant field. */
export const statisticsReadinessRule: CaseRule = (bundle) => {
  const issues: ValidationIssue[] = [];
  const c = bundle.case;
  if (!SHS_DOMAINS.has(str(c, 'domain') ?? '')) return issues;
  const caseRef = refOf(c);
  const caseCtx = { entity: 'case', ...(caseRef === undefined ? {} : { recordRef: caseRef }) };
  const missing: string[] = typeof c['municipalityBfsNumber'] === 'number' ? [] : ['municipalityBfsNumber'];
  const closed = str(c, 'closedOn') !== undefined;
  for (const field of ['shsBenefitType', 'shsBenefitClass', ...(closed ? ['shsClosingReason'] : [])]) {
    if (str(c, field) === undefined) missing.push(field);
  }
  for (const field of missing) {
    issues.push(makeIssue('shs.missing_field', 'warning', `/${field}`, `The SHS delivery needs /${field} of the case.`, caseCtx, { field }));
  }
  const unitIds = new Set((bundle.supportUnits ?? []).filter((u) => str(u, 'caseId') === caseRef).map((u) => str(u, 'id')));
  const applicantIds = new Set(
    (bundle.supportUnitMembers ?? []).filter((m) => unitIds.has(str(m, 'supportUnitId')) && str(m, 'role') === APPLICANT_ROLE).map((m) => str(m, 'personId')),
  );
  for (const person of (bundle.persons ?? []).filter((p) => applicantIds.has(str(p, 'id')))) {
    const ref = refOf(person);
    for (const field of ['sex', 'dateOfBirth']) {
      if (person[field] === undefined || person[field] === null) {
        issues.push(
          makeIssue(
            'shs.missing_field',
            'warning',
            `/${field}`,
            `The SHS delivery needs /${field} of the applicant.`,
            {
              entity: 'person',
              ...(ref === undefined ? {} : { recordRef: ref }),
            },
            { field },
          ),
        );
      }
    }
  }
  return issues;
};
