/** The BFS municipality number check as an issue-returning rule. */
import type { ValidationIssue } from '../core/model/validation-issue.js';
import { makeIssue, type IssueContext } from './issue.js';
import { isKnownMunicipality, municipalityListYears } from './municipality.js';

/**
 * Returns `bfs.municipality_unknown` when the number never was a BFS municipality number in the list (a
 * warning only for years before the list starts), and
 * `bfs.municipality_not_valid_in_year` (warning: mergers are common in legacy data) when it was not valid
 * in the given year.
 */
export function checkMunicipality(bfsNumber: number, path: string, year?: number, context: IssueContext = {}): ValidationIssue[] {
  if (!isKnownMunicipality(bfsNumber)) {
    // Before the list's first year an unknown number may be a commune merged away earlier: warn only.
    const beforeList = year !== undefined && year < municipalityListYears().first;
    return [
      makeIssue('bfs.municipality_unknown', beforeList ? 'warning' : 'error', path, `${path} is not a known BFS municipality number.`, context, {
        codeList: 'bfs.municipality',
      }),
    ];
  }
  if (year !== undefined && !isKnownMunicipality(bfsNumber, year)) {
    return [
      makeIssue(
        'bfs.municipality_not_valid_in_year',
        'warning',
        path,
        `${path} is a BFS municipality number that was not valid in the reference year.`,
        context,
        {
          codeList: 'bfs.municipality',
        },
      ),
    ];
  }
  return [];
}
