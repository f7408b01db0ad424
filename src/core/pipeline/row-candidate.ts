/** The shape of a source row between mapping and load: a leaf module, shared by the batch preparer and its checks. */
import type { SourceRow } from '../connector/source-value.js';
import type { ValidationIssue } from '../model/validation-issue.js';

/**
 * One mapped record of a row. `contentHash` is the hash of `record` as validated; a check that
 * rewrites a record (re-pointing at a merge survivor) makes a new object without it, so it is
 * computed again for exactly those.
 */
export interface CandidateRecord {
  readonly entity: string;
  readonly record: Record<string, unknown>;
  contentHash?: string;
}

/** A source row that survived filtering and mapping, with its records and issues. */
export interface RowCandidate {
  readonly recordRef: string;
  readonly sourceKey: string;
  readonly row: SourceRow;
  records: CandidateRecord[];
  readonly issues: ValidationIssue[];
}
