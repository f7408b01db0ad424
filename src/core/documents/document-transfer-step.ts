/**
 * The document transfer as a stage of a run (`MigrationOptions.documents`): after the load and its
 * checks, the engine streams the contents of the run's document records from this source into the
 * target's document store. The caller (e.g. the CLI's config) declares where the contents come from;
 * the source is opened only when the stage runs, so a run without documents never loads a BLOB reader.
 */
import type { DocumentContentSource } from './document-content-source.js';

/** Where a run's document contents come from and how many move at once. */
export interface DocumentTransferStep {
  /** How the source is described in messages (`folder`, `blob`); never a path. */
  readonly kind: string;
  /** Documents in flight at once. */
  readonly concurrency: number;
  /** Opens the content source; `close` releases what it opened. */
  openSource(): Promise<{ readonly source: DocumentContentSource; close(): Promise<void> }>;
}
