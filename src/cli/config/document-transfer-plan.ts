/**
 * Which document contents a CLI run transfers in its document stage (`MigrationOptions.documents`), and from where:
 * the config's `documents` field, or the built-in profile's default (flat-file: the export folder the
 * `contentRef` paths point into; relational: the `FaDokument.Inhalt` BLOB column). The source is opened
 * only when the step runs, so a run without documents never loads a BLOB reader.
 */
import type { Connector } from '../../core/connector/connector.js';
import type { DocumentTransferStep } from '../../core/documents/document-transfer-step.js';
import { ConfigurationError } from '../../core/errors.js';
import type { DocumentSourceConfig, LoadedConfig } from './cli-config.js';
import { resolvePath } from './load-config.js';

/** The document transfer stage of a CLI run (`MigrationOptions.documents`). */
export interface DocumentTransferPlan extends DocumentTransferStep {
  /** How the source is described in messages (`folder`, `blob`); never a path. */
  readonly kind: 'folder' | 'blob';
}

/** The relational profile's document BLOBs (see `examples/relational/`). */
const RELATIONAL_BLOB: DocumentSourceConfig = {
  from: 'blob',
  table: 'FaDokument',
  contentColumn: 'Inhalt',
  keyColumns: ['FaDokumentID'],
  chunkSize: 256 * 1024,
};

/** The document source a config declares, or its built-in profile's default; null when there is none. */
export function documentSourceConfig(loaded: LoadedConfig): DocumentSourceConfig | null {
  const { config } = loaded;
  if (config.documents === false) return null;
  if (config.documents !== undefined) return config.documents;
  if (config.mappings === 'flat-file' && config.source.connector === 'files') return { from: 'folder' };
  if (config.mappings === 'relational' && config.source.connector !== 'files') return RELATIONAL_BLOB;
  return null;
}

/** Plans the document transfer of a config against its source connector; null when it moves no documents. */
export function planDocumentTransfer(loaded: LoadedConfig, connector: Connector): DocumentTransferPlan | null {
  const spec = documentSourceConfig(loaded);
  if (spec === null) return null;
  const concurrency = spec.concurrency ?? 4;
  const s = loaded.config.source;
  if (spec.from === 'folder') {
    const dir = spec.dir !== undefined ? resolvePath(loaded, spec.dir) : s.connector === 'files' ? resolvePath(loaded, s.baseDir) : undefined;
    if (dir === undefined)
      throw new ConfigurationError('Config field /documents/dir is required when the source is not a files source.', { details: { field: '/documents/dir' } });
    return {
      kind: 'folder',
      concurrency,
      openSource: async () => {
        const { FolderDocumentSource } = await import('../../connectors/files/folder-document-source.js');
        return { source: new FolderDocumentSource({ root: dir }), close: async () => undefined };
      },
    };
  }
  const createSource = connector.createDocumentSource?.bind(connector);
  if (createSource === undefined)
    throw new ConfigurationError('Config field /documents: a BLOB document source needs a SQL source (postgres, mysql, mssql).', {
      details: { field: '/documents/from' },
    });
  const blob = {
    table: spec.table,
    contentColumn: spec.contentColumn,
    keyColumns: spec.keyColumns,
    ...(spec.chunkSize !== undefined ? { chunkSize: spec.chunkSize } : {}),
  };
  return {
    kind: 'blob',
    concurrency,
    openSource: async () => {
      // A driver of its own: the migration's reader is closed by the time documents move.
      const driver = connector.createDriver();
      await driver.init();
      const close = async (): Promise<void> => driver.destroy();
      try {
        return { source: createSource(driver, blob), close };
      } catch (error) {
        await close().catch(() => undefined);
        throw error;
      }
    },
  };
}
