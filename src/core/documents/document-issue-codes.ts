/**
 * Stable issue codes of document transfer and reconciliation (data, never exceptions). Never renamed;
 * new ones are added.
 */
import type { IssueCode } from '../issue-codes.js';

/** The document issue codes by name (a part of the issue-code registry). */
export const DOCUMENT_ISSUE_CODES = {
  /** The source has no content for the document (missing file, no row, NULL BLOB). */
  contentMissing: 'document.content_missing',
  /** The content is zero bytes long. */
  contentEmpty: 'document.content_empty',
  /** The reference is unusable (e.g. a path escaping the export folder). */
  refInvalid: 'document.ref_invalid',
  /** The content's SHA-256 differs from the digest the mapping supplied. */
  digestMismatch: 'document.digest_mismatch',
  /** The content's size differs from the size the mapping supplied. */
  sizeMismatch: 'document.size_mismatch',
  /** Warning: the magic bytes say another media type than the metadata declares. */
  mediaTypeMismatch: 'document.media_type_mismatch',
} as const satisfies Readonly<Record<string, IssueCode>>;
