/**
 * The map worker threads of a run (`MigrationOptions.workers`): started and checked before a row is
 * read (their mappings must be the definition's), then handed whole batches round-robin; each answers
 * with the batch's per-row results (`RowPhaseResult`), which the main thread assembles in source order.
 * Rows go over once (structured clone) and only the compact per-row results come back.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { ERROR_CODES, RunError } from '../errors.js';
import { InvalidSourceValue, type SourceRow } from '../connector/source-value.js';
import type { MigrationDefinition } from '../pipeline/migration-definition.js';
import type { RowPhaseResult } from '../pipeline/row-phase.js';
import type { IdScheme } from '../pipeline/id-scheme.js';
import type { PseudonymKey } from '../pseudonyms/pseudonym-key.js';
import type { Tenant } from '../pipeline/tenant.js';
import type { CodeListCoverage } from '../report/code-list-coverage.js';
import { workerModuleSpecifier } from './map-worker-setup.js';
import { INVALID_VALUE_MARK, type FromWorker, type ToWorker } from './map-worker-protocol.js';

/** One batch's per-row phase as a worker computed it. */
export interface WorkerBatchResult {
  readonly phase: RowPhaseResult;
  readonly coverage: readonly CodeListCoverage[];
}

/** The run constants every worker needs (see `ConfigureMessage`). */
export interface WorkerRunConstants {
  readonly sourceSystem: string;
  readonly tenant: Tenant;
  readonly tenantIdKey: string;
  readonly idScheme: IdScheme;
  readonly pseudonyms: PseudonymKey;
  readonly keyColumns: ReadonlyMap<string, readonly string[]>;
}

interface Waiter {
  resolve(value: FromWorker): void;
  reject(error: unknown): void;
}

/** One worker thread and the answers it owes. */
class WorkerSlot {
  readonly pending = new Map<number, Waiter>();
  #failure: unknown;

  constructor(
    readonly worker: Worker,
    onFailure: (error: unknown) => void,
  ) {
    worker.on('message', (message: FromWorker) => {
      const seq = message.type === 'result' || message.type === 'failed' ? message.seq : -1;
      const waiter = this.pending.get(seq);
      if (waiter === undefined) return;
      this.pending.delete(seq);
      if (message.type === 'failed') waiter.reject(message.error);
      else waiter.resolve(message);
    });
    const fail = (error: unknown): void => {
      this.#failure ??= error;
      for (const waiter of this.pending.values()) waiter.reject(this.#failure);
      this.pending.clear();
      onFailure(this.#failure);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`The map worker exited (code ${code}).`)));
  }

  /** Sends `message` and waits for the answer numbered `seq` (-1: load / configure). */
  ask(message: ToWorker, seq: number): Promise<FromWorker> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    return new Promise<FromWorker>((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      this.worker.postMessage(message);
    });
  }
}

/** The worker threads of one run. */
export class MapWorkerPool {
  readonly #slots: WorkerSlot[];
  #next = 0;
  #seq = 0;
  #terminated = false;

  private constructor(slots: WorkerSlot[]) {
    this.#slots = slots;
  }

  /** Worker threads in the pool. */
  get count(): number {
    return this.#slots.length;
  }

  /**
   * Starts the definition's workers (none when `options.workers` asks for none) and checks that their
   * mappings and validator are the definition's: CB_WORKER_MISMATCH when they differ, CB_WORKER_FAILED
   * when the module cannot be loaded. Nothing has been read or written when either is thrown.
   */
  static async start(definition: MigrationDefinition): Promise<MapWorkerPool | undefined> {
    const options = definition.options.workers;
    if (options === undefined || options.count === 0) return undefined;
    const module = workerModuleSpecifier(options.module);
    const exportName = options.export ?? 'default';
    const entry = workerEntry(module);
    const slots: WorkerSlot[] = [];
    let failed: unknown;
    const pool = new MapWorkerPool(slots);
    for (let i = 0; i < options.count; i++) {
      const worker = new Worker(entry.code, { eval: true });
      slots.push(
        new WorkerSlot(worker, (error) => {
          failed ??= error;
        }),
      );
    }
    try {
      const answers = await Promise.all(slots.map((slot) => slot.ask({ type: 'load', module, export: exportName, rulesModule: definition.rules.module }, -1)));
      for (const answer of answers) {
        if (answer.type !== 'loaded') throw new Error('The map worker gave no mapping list.');
        checkLoaded(definition, answer);
      }
    } catch (error) {
      await pool.terminate();
      if (error instanceof RunError) throw error;
      throw new RunError('The map workers could not load the worker module (see cause); nothing was read or written.', {
        code: ERROR_CODES.WORKER_FAILED,
        cause: error ?? failed,
        details: { workers: options.count },
      });
    }
    return pool;
  }

  /** Hands the run's constants to every worker (after the ledger decided the id scheme). */
  async configure(run: WorkerRunConstants): Promise<void> {
    const message: ToWorker = {
      type: 'configure',
      sourceSystem: run.sourceSystem,
      tenant: run.tenant,
      tenantIdKey: run.tenantIdKey,
      idScheme: run.idScheme,
      secret: run.pseudonyms.exportSecret(),
      keyColumns: [...run.keyColumns.entries()],
    };
    await this.#guard(Promise.all(this.#slots.map((slot) => slot.ask(message, -1))));
  }

  /** Runs the per-row phase of `rows` of `mapping` in the next worker (round-robin). */
  async map(mapping: string, rows: readonly SourceRow[]): Promise<WorkerBatchResult> {
    const slot = this.#slots[this.#next]!;
    this.#next = (this.#next + 1) % this.#slots.length;
    const seq = this.#seq++;
    const answer = await this.#guard(slot.ask({ type: 'batch', seq, mapping, rows: markInvalidValues(rows) }, seq));
    if (answer.type !== 'result') throw new Error('The map worker answered a batch with no result.');
    return { phase: answer.phase, coverage: answer.coverage };
  }

  /** Stops every worker (idempotent): at the end of the run, on failure and on cancel. */
  async terminate(): Promise<void> {
    if (this.#terminated) return;
    this.#terminated = true;
    await Promise.all(this.#slots.map((slot) => slot.worker.terminate().catch(() => undefined)));
  }

  async #guard<T>(answer: Promise<T>): Promise<T> {
    try {
      return await answer;
    } catch (error) {
      throw new RunError('A map worker failed (see cause); the batch it had was not committed and the run can be resumed.', {
        code: ERROR_CODES.WORKER_FAILED,
        cause: error,
      });
    }
  }
}

function checkLoaded(definition: MigrationDefinition, answer: Extract<FromWorker, { type: 'loaded' }>): void {
  const expected = new Map(definition.mappings.map((m) => [m.name, m.version]));
  const got = new Map(answer.mappings);
  const differing = [...new Set([...expected.keys(), ...got.keys()])].filter((name) => expected.get(name) !== got.get(name)).sort();
  if (differing.length > 0) {
    throw new RunError("The worker module's mappings are not the definition's (names or versions differ); nothing was read or written.", {
      code: ERROR_CODES.WORKER_MISMATCH,
      details: { mappings: differing.join(', ') },
    });
  }
  const { validator, embedLineage } = definition.options;
  // The workers validate as the main thread would: with the definition's own rules (which only the
  // module can give them) or with the model's (which the module must then not replace).
  const same =
    (validator === undefined ? !answer.ownValidator && answer.modelValidator : answer.ownValidator) &&
    (embedLineage === undefined ? !answer.ownLineage : answer.ownLineage);
  if (!same) {
    throw new RunError(
      "The worker module's validator or lineage rule is not the definition's (each must be given exactly when the definition sets its own): workers never validate differently.",
      {
        code: ERROR_CODES.WORKER_MISMATCH,
        details: {
          validator: validator !== undefined,
          embedLineage: embedLineage !== undefined,
          moduleValidator: answer.ownValidator,
          moduleEmbedLineage: answer.ownLineage,
        },
      },
    );
  }
}

/**
 * The code a worker thread runs: the built entry (`map-worker.js`) or, when the engine or the worker
 * module is TypeScript source (tests, the bench), the `.ts` entry through tsx's loader.
 */
function workerEntry(module: string): { code: string } {
  const source = import.meta.url.endsWith('.ts');
  const entry = new URL(source ? './map-worker.ts' : './map-worker.js', import.meta.url).href;
  if (!source && !module.endsWith('.ts')) return { code: `import(${JSON.stringify(entry)});` };
  const tsx = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  return { code: `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });` };
}

/** Invalid source values travel marked (a structured clone drops their class); other rows go as they are. */
function markInvalidValues(rows: readonly SourceRow[]): readonly SourceRow[] {
  let out: SourceRow[] | undefined;
  for (const [index, row] of rows.entries()) {
    let copy: Record<string, unknown> | undefined;
    for (const key in row) {
      const value = row[key];
      if (value instanceof InvalidSourceValue) {
        copy ??= { ...row };
        copy[key] = { [INVALID_VALUE_MARK]: value.reason, raw: value.raw };
      }
    }
    if (copy !== undefined) {
      out ??= [...rows];
      out[index] = copy as SourceRow;
    }
  }
  return out ?? rows;
}
