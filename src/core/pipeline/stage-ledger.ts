/**
 * The checkpoints of the stages after the load (reconcile, case checks, statistics readiness, document
 * transfer, code-list coverage). A stage writes `started`, then `finished` with its result as JSON; a
 * resumed run takes a finished stage's result from the ledger instead of running it again, so a run
 * killed in any stage resumes at that stage. Targets without the ability keep no checkpoints (every
 * stage runs in every session).
 */
import type { CanonicalTarget, StageCheckpoint } from './canonical-target.js';
import type { ReportStage } from '../report/run-report.js';

/** The stages after the load, in the order they run. */
export const POST_LOAD_STAGES = ['reconcile', 'case-checks', 'statistics-readiness', 'documents', 'code-list-coverage'] as const;

/** One stage after the load. */
export type PostLoadStage = (typeof POST_LOAD_STAGES)[number];

/** How one stage is run. */
export interface StageRun<T> {
  /** Computes the stage's result. */
  readonly compute: () => Promise<T>;
  /** Whether the result may be checkpointed as finished (false: a cancel or a failure to retry on resume). */
  readonly keep?: (value: T) => boolean;
  /** Whether checkpoints apply at all (false: a run stopped before its end reconciles without one). */
  readonly checkpoint?: boolean;
}

/** Runs the stages of one session against the ledger's checkpoints. */
export class StageLedger {
  readonly #target: CanonicalTarget;
  readonly #runId: string;
  readonly #session: number;
  readonly #saved: Map<string, StageCheckpoint>;
  readonly #onStage: (stage: PostLoadStage, state: 'started' | 'finished') => void;
  readonly #states = new Map<PostLoadStage, ReportStage>();

  constructor(
    target: CanonicalTarget,
    runId: string,
    session: number,
    saved: readonly StageCheckpoint[],
    onStage: (stage: PostLoadStage, state: 'started' | 'finished') => void,
  ) {
    this.#target = target;
    this.#runId = runId;
    this.#session = session;
    this.#saved = new Map(saved.map((c) => [c.stage, c]));
    this.#onStage = onStage;
  }

  /** Runs `stage` (or takes its finished result from the ledger). */
  async run<T>(stage: PostLoadStage, run: StageRun<T>): Promise<T> {
    const useLedger = run.checkpoint !== false;
    const saved = useLedger ? this.#saved.get(stage) : undefined;
    if (saved?.status === 'finished' && saved.summary !== null) {
      this.#states.set(stage, { stage, state: 'finished', session: saved.session });
      return JSON.parse(saved.summary) as T;
    }
    this.#onStage(stage, 'started');
    if (useLedger) await this.#target.saveStage?.(this.#runId, { stage, status: 'started', session: this.#session, summary: null });
    const value = await run.compute();
    const keep = run.keep?.(value) ?? true;
    if (useLedger && keep) await this.#target.saveStage?.(this.#runId, { stage, status: 'finished', session: this.#session, summary: JSON.stringify(value) });
    this.#states.set(stage, { stage, state: keep ? 'finished' : 'stopped', session: this.#session });
    this.#onStage(stage, 'finished');
    return value;
  }

  /** Marks a stage as not run in this run (switched off, or the run stopped before it). */
  skip(stage: PostLoadStage): void {
    if (!this.#states.has(stage)) this.#states.set(stage, { stage, state: 'not_run', session: null });
  }

  /** Every stage after the load with how it ended and in which session, in run order. */
  report(): ReportStage[] {
    return POST_LOAD_STAGES.map((stage) => this.#states.get(stage) ?? { stage, state: 'not_run', session: null });
  }
}
