/** Progress events of a run: stage, mapping and counts only, never a value from a record. */

/** The stages of a run, in order. */
export type RunStage = 'extract' | 'map' | 'validate' | 'load' | 'reconcile';

/** One progress event. */
export type ProgressEvent =
  | { readonly type: 'run-started'; readonly runId: string; readonly dryRun: boolean; readonly resumed: boolean }
  | { readonly type: 'mapping-started'; readonly mapping: string; readonly resumedFromRow: number }
  | {
      readonly type: 'batch-committed';
      readonly mapping: string;
      readonly batch: number;
      readonly extracted: number;
      readonly loaded: number;
      readonly filtered: number;
      readonly quarantined: number;
      /** Cumulative rows read for this mapping over the whole run. */
      readonly rowsRead: number;
    }
  | { readonly type: 'mapping-finished'; readonly mapping: string; readonly extracted: number }
  | { readonly type: 'stage'; readonly stage: LifecycleStage; readonly mapping?: string; readonly state: 'started' | 'finished' }
  /** Documents the transfer has finished so far (in this session), whatever their outcome. */
  | { readonly type: 'documents-progress'; readonly done: number }
  | { readonly type: 'run-finished'; readonly runId: string; readonly status: string };

/** Every stage of a run's lifecycle: the load stages, then the post-load steps. */
export type LifecycleStage = RunStage | 'case-checks' | 'statistics-readiness' | 'documents' | 'code-list-coverage';

/**
 * A stage starting or ending (`RunOptions.onStage`). A mapping's extract → map → validate → load run
 * overlapped batch by batch, so they are reported once per mapping as `load`; a mapping stopped by an
 * error or a cancel has no `finished`.
 */
export interface StageEvent {
  readonly stage: LifecycleStage;
  readonly state: 'started' | 'finished';
  readonly mapping?: string;
}
