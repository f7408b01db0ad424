/** The messages between the engine and its map workers (`map-worker.ts`): structured-cloned plain data only. */
import type { SourceRow } from '../connector/source-value.js';
import type { IdScheme } from '../pipeline/id-scheme.js';
import type { RowPhaseResult } from '../pipeline/row-phase.js';
import type { Tenant } from '../pipeline/tenant.js';
import type { CodeListCoverage } from '../report/code-list-coverage.js';

/** Engine → worker: import the worker module (and the model rules' module for the default validator). */
export interface LoadMessage {
  readonly type: 'load';
  readonly module: string;
  readonly export: string;
  /** Module whose `modelRules` export gives the model's validator, when the worker module gives none. */
  readonly rulesModule: string | undefined;
}

/** Engine → worker: the run's constants (sent once the ledger decided the id scheme). */
export interface ConfigureMessage {
  readonly type: 'configure';
  readonly sourceSystem: string;
  readonly tenant: Tenant;
  readonly tenantIdKey: string;
  readonly idScheme: IdScheme;
  /** The pseudonym key's secret (base64): the row digests are keyed with it. Stays in this process. */
  readonly secret: string;
  readonly keyColumns: readonly (readonly [mapping: string, columns: readonly string[]])[];
}

/** Engine → worker: run the per-row phase of one batch. */
export interface BatchMessage {
  readonly type: 'batch';
  readonly seq: number;
  readonly mapping: string;
  readonly rows: readonly SourceRow[];
}

/** Any message to a worker. */
export type ToWorker = LoadMessage | ConfigureMessage | BatchMessage;

/** Worker → engine. `seq` -1 answers `load` / `configure`. */
export type FromWorker =
  | {
      readonly type: 'loaded';
      readonly mappings: readonly (readonly [name: string, version: string])[];
      /** Whether the module gave a validator / lineage rule of its own. */
      readonly ownValidator: boolean;
      readonly ownLineage: boolean;
      /** Whether the model's validator could be loaded (`LoadMessage.rulesModule`). */
      readonly modelValidator: boolean;
    }
  | { readonly type: 'configured' }
  | { readonly type: 'result'; readonly seq: number; readonly phase: RowPhaseResult; readonly coverage: readonly CodeListCoverage[] }
  | { readonly type: 'failed'; readonly seq: number; readonly error: unknown };

/** Marks a source value that was an `InvalidSourceValue` (a class instance loses its prototype in a structured clone). */
export const INVALID_VALUE_MARK = '$casebridgeInvalidSourceValue';
