/** The shape of a validated casebridge CLI config (see `config-schema.ts`); secrets not yet resolved. */
import type { FileTableConfig } from '../../connectors/files/files-config.js';
import type { ThresholdRule } from '../../core/pipeline/thresholds.js';
import type { SecretValue } from './config-schema.js';
import type { ReportLanguage } from '../../core/report/i18n/report-language.js';

/** A SQL source (PostgreSQL, MariaDB/MySQL, SQL Server). */
export interface SqlSourceConfig {
  readonly connector: 'postgres' | 'mysql' | 'mssql';
  readonly name?: string;
  readonly connectionString?: SecretValue;
  readonly host?: string;
  readonly server?: string;
  readonly port?: number;
  readonly user?: string;
  readonly password?: SecretValue;
  readonly database?: string;
  readonly schema?: string;
  readonly poolSize?: number;
  readonly encrypt?: boolean;
  readonly trustServerCertificate?: boolean;
}

/** A flat-file source (CSV / JSON Lines). */
export interface FileSourceConfig {
  readonly connector: 'files';
  readonly name?: string;
  readonly baseDir: string;
  readonly tables: Readonly<Record<string, FileTableConfig>>;
}

/** Where the canonical records go. */
export type TargetConfig =
  | { readonly kind: 'pglite'; readonly dir: string }
  | { readonly kind: 'postgres'; readonly url: SecretValue; readonly max?: number }
  /** The uniform-system import format (JSON Lines batches + manifest, docs/import-format.md) in `dir`. */
  | { readonly kind: 'jsonl'; readonly dir: string };

/**
 * Where document contents come from (`migrateDocuments` after the run). `folder`: `contentRef` is a
 * path relative to `dir` (default: the files source's `baseDir`); `blob`: a BLOB column of the SQL
 * source, keyed by the document records' lineage key.
 */
export type DocumentSourceConfig =
  | { readonly from: 'folder'; readonly dir?: string; readonly concurrency?: number }
  | {
      readonly from: 'blob';
      readonly table: string;
      readonly contentColumn: string;
      readonly keyColumns: readonly string[];
      readonly chunkSize?: number;
      readonly concurrency?: number;
    };

/** A report language (`de`, `fr`, `en`). */
export type { ReportLanguage } from '../../core/report/i18n/report-language.js';

/** Report formats the CLI writes. */
export type ReportFormat = 'json' | 'html' | 'md';

/** A validated config. Relative paths are resolved against the config file's folder. */
export interface CliConfig {
  readonly name?: string;
  /** Commune (BFS number, checked against `year` when given) and source system of the run; required to run. */
  readonly tenant?: { readonly commune?: number; readonly sourceSystem?: string; readonly year?: number };
  readonly source: SqlSourceConfig | FileSourceConfig;
  readonly mappings: string;
  readonly codeListMapsDir?: string;
  readonly target: TargetConfig;
  /** Document transfer after the run; `false` switches off a built-in profile's default. */
  readonly documents?: DocumentSourceConfig | false;
  readonly reports?: { readonly dir?: string; readonly formats?: readonly ReportFormat[] };
  /** Language of the HTML and Markdown reports and the summary (`--lang` overrides it; default: the locale, else English). */
  readonly lang?: ReportLanguage;
  /** The commune's pseudonym key file (default `casebridge-keys/pseudonyms.key` beside the config). */
  readonly pseudonyms?: { readonly keyFile?: string };
  /** Ed25519 private key (PEM) that signs each real run's chain link (`--signing-key` overrides it). */
  readonly signingKey?: string;
  readonly options?: {
    readonly batchSize?: number;
    /** Id scheme (`uuidv5` | `ordered`); unset: the store's recorded scheme of the tenant, else `uuidv5`. */
    readonly idScheme?: 'uuidv5' | 'ordered';
    readonly concurrency?: number;
    readonly pipelineDepth?: number;
    readonly duplicatePolicy?: 'flag' | 'merge';
    readonly duplicateScope?: 'commune' | 'canton';
    readonly reconcile?: boolean;
    readonly reportListLimit?: number;
    readonly thresholds?: readonly ThresholdRule[];
  };
}

/** A loaded config with the folder its relative paths are relative to. */
export interface LoadedConfig {
  readonly config: CliConfig;
  /** Absolute path of the config file (or `<inline>`). */
  readonly file: string;
  /** Folder relative paths resolve against. */
  readonly baseDir: string;
}
