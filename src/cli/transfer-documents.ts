/**
 * The document step of a CLI run: after the migration committed (or, in a dry run, staged) the
 * canonical document records, stream their contents from the declared source into the target's
 * document store (`migrateDocuments`), and put the `documents` section into the report
 * (`withDocumentsReport`). A dry run reads and hashes every document and keeps nothing.
 */
import type { DocumentRef } from '../core/documents/document-content-source.js';
import { documentRefsFromTarget } from '../core/documents/document-refs.js';
import { withDocumentsReport } from '../core/documents/with-documents-report.js';
import { migrateDocuments } from '../core/documents/migrate-documents.js';
import type { PseudonymKey } from '../core/pseudonyms/pseudonym-key.js';
import type { MigrationDefinition } from '../core/pipeline/migration-definition.js';
import type { RunReport } from '../core/report/run-report.js';
import { targetDocumentStore, type DocumentTransferPlan } from './config/document-transfer-plan.js';

/** Inputs of {@link transferRunDocuments}. */
export interface RunDocumentsInput {
  readonly plan: DocumentTransferPlan;
  /** The migration whose target is still open (`keepTargetOpen`). */
  readonly definition: MigrationDefinition;
  readonly report: RunReport;
  /** Document records staged by a dry run (its target has rolled them back). */
  readonly dryRunRefs: readonly DocumentRef[];
  /** The key of the documents' pseudonymous references (the run's pseudonym key). */
  readonly pseudonymKey: PseudonymKey;
  readonly strict: boolean;
  readonly signal?: AbortSignal;
  readonly note?: (line: string) => void;
}

/**
 * Transfers the run's documents and returns the report with its `documents` section; the report is
 * returned unchanged when the run was cancelled or stopped by an error (its records are not complete).
 */
export async function transferRunDocuments(input: RunDocumentsInput): Promise<RunReport> {
  const { report, definition, plan } = input;
  if (report.status === 'cancelled' || report.errors.length > 0) {
    input.note?.('documents skipped: the run did not complete');
    return report;
  }
  const store = targetDocumentStore(definition.target);
  // A folder store's ensureSchema creates its folder; a dry run must not write it.
  if (!(report.dryRun && store.kind === 'folder')) await store.ensureSchema();
  const opened = await plan.openSource();
  try {
    input.note?.(`documents: transfer from the ${plan.kind} source started${report.dryRun ? ' (dry run, nothing is kept)' : ''}`);
    const documents = await migrateDocuments({
      runId: report.runId,
      source: opened.source,
      store,
      documents: report.dryRun ? input.dryRunRefs : documentRefsFromTarget(definition.target, definition.tenant, input.pseudonymKey),
      dryRun: report.dryRun,
      concurrency: plan.concurrency,
      ...(definition.options.reportListLimit !== undefined ? { listLimit: definition.options.reportListLimit } : {}),
      ...(input.signal !== undefined ? { signal: input.signal } : {}),
    });
    input.note?.(`documents: ${documents.total} referenced, ${documents.transferred} transferred, ${documents.unchanged} unchanged, ${documents.quarantined} quarantined, ${documents.failed} failed: ${documents.status}`);
    return withDocumentsReport(report, documents, input.strict);
  } finally {
    await opened.close().catch(() => undefined);
  }
}
