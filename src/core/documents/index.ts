/** Streaming document transfer with SHA-256 proof: source SPI, store SPI, transfer, reconciliation. */
export type { DocumentContent, DocumentContentSource, DocumentRef, DocumentSourceSpec } from './document-content-source.js';
export type { DocumentIssueEntry, DocumentPut, DocumentPutOutcome, DocumentStore, SealedDocument, StoredDocumentInfo } from './document-store.js';
export { DOCUMENT_ISSUE_CODES } from './document-issue-codes.js';
export type { DocumentIssueCode } from './document-issue-codes.js';
export { MEDIA_SNIFF_BYTES, OCTET_STREAM, detectMediaType, resolveMediaType } from './media-type.js';
export type { MediaTypeDecision } from './media-type.js';
export { DigestTap, digestContent, rechunk } from './content-digest.js';
export type { ContentDigest } from './content-digest.js';
export { documentRefFromRecord, documentRefsFromTarget } from './document-refs.js';
export type { DocumentRecordFields } from './document-refs.js';
export { migrateDocuments } from './migrate-documents.js';
export type { DocumentOutcome, MigrateDocumentsOptions } from './migrate-documents.js';
export { reconcileDocuments } from './reconcile-documents.js';
export type { DocumentWitness, ReconcileDocumentsOptions } from './reconcile-documents.js';
export { withDocumentsReport } from './with-documents-report.js';
export type { DocumentListEntry, DocumentMismatchReason, DocumentReconciliationReport, DocumentsReport } from './documents-report.js';
export type { DocumentTransferStep } from './document-transfer-step.js';
