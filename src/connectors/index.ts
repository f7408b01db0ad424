/**
 * `casebridge/connectors`: the connector SPI for vendors who write a connector of their own: the
 * interfaces a connector implements, the representation of source values, the document-source SPI and
 * its helpers, and the scaffold that `casebridge init-connector` writes. Prove a connector with
 * `casebridge/testing`. The connectors that ship are `casebridge/connectors/<name>`.
 */
export type {
  ColumnMetadata,
  Connector,
  ConnectorAdapter,
  ConnectorDriver,
  ControlTotalRow,
  ControlTotalSpec,
  ControlTotals,
  ForeignKeyMetadata,
  Introspector,
  ReadPosition,
  ReadRequest,
  RowBatch,
  SourceReader,
  TableMetadata,
  TableWriter,
  WriteRequest,
} from '../core/connector/connector.js';
export { innerJoinFilterName, JOIN_UNMATCHED_COLUMN, validateReadSource } from '../core/connector/join-source.js';
export type { JoinClause, JoinSource, ReadSourceDeclaration } from '../core/connector/join-source.js';
export { assertReadOnlyQuery } from './shared/read-only-query.js';
export { InvalidSourceValue, isInvalidSourceValue } from '../core/connector/source-value.js';
export type { InvalidValueReason, JsonValue, NormalizedType, SourceRow, SourceValue } from '../core/connector/source-value.js';
export { conditionColumns, conditionText, conditionsHold } from '../core/connector/control-total-condition.js';
export type { ControlTotalCondition } from '../core/connector/control-total-condition.js';
export type { DocumentContent, DocumentContentSource, DocumentRef, DocumentSourceSpec } from '../core/documents/document-content-source.js';
export { detectMediaType, MEDIA_SNIFF_BYTES, OCTET_STREAM, resolveMediaType } from '../core/documents/media-type.js';
export type { MediaTypeDecision } from '../core/documents/media-type.js';
export { DigestTap, digestContent, rechunk } from '../core/documents/content-digest.js';
export type { ContentDigest } from '../core/documents/content-digest.js';
export { SqlBlobDocumentSource } from './shared/blob-document-source.js';
export type { BlobDocumentSourceConfig, BlobStatements } from './shared/blob-document-source.js';
export { scaffoldConnector } from './scaffold/scaffold-connector.js';
export type { ScaffoldOptions, ScaffoldResult } from './scaffold/scaffold-connector.js';
