/** `casebridge/targets/documents`: document stores (SQL chunk tables for PostgreSQL/PGlite, a folder for file exports). */
export { SqlDocumentStore, DEFAULT_DOCUMENT_CHUNK_SIZE } from './sql-document-store.js';
export type { SqlDocumentStoreOptions } from './sql-document-store.js';
export { FolderDocumentStore } from './folder-document-store.js';
export type { FolderDocumentStoreOptions } from './folder-document-store.js';
export { createPgliteDocumentStore, createPostgresDocumentStore } from './document-stores.js';
export { DOCUMENT_STORE_DDL, DOCUMENT_TABLES } from './document-store-ddl.js';
export type { DocumentIssueEntry, DocumentPut, DocumentPutOutcome, SealedDocument, StoredDocumentInfo } from '../../core/documents/document-store.js';
