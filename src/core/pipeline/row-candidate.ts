/** The shape of a source row between mapping and load: a leaf module, shared by the batch preparer and its checks. */
import type { SourceRow } from '../connector/source-value.js';
import type { ValidationIssue } from '../model/validation-issue.js';

/** A source row that survived filtering and mapping, with its records and issues. */
export interface RowCandidate {
  readonly recordRef: string;
  readonly sourceKey: string;
  readonly row: SourceRow;
  records: { entity: string; record: Record<string, unknown> }[];
  readonly issues: ValidationIssue[];
}
