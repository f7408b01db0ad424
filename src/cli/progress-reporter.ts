/**
 * Shows a run's ProgressEvents: bars on a terminal (cli-progress), plain timestamped lines otherwise
 * (CI logs, files), nothing with `--json`. Events carry mapping names and counts only, so neither the
 * screen nor a log file can receive a client's data. Every line also goes to the run log when one is open.
 */
import cliProgress from 'cli-progress';
import type { ProgressEvent } from '../core/pipeline/progress-event.js';
import type { CliIo } from './cli-io.js';

/** How progress is shown. */
export type ProgressMode = 'bars' | 'lines' | 'silent';

/** Picks the mode: bars only on a TTY stderr and when not switched off. */
export function progressMode(io: CliIo, flags: { json: boolean; progress: boolean }): ProgressMode {
  if (flags.json) return 'silent';
  return flags.progress && io.stderr.isTTY === true && io.env['CI'] === undefined ? 'bars' : 'lines';
}

/** Consumes ProgressEvents and renders them. */
export class ProgressReporter {
  readonly #io: CliIo;
  readonly #mode: ProgressMode;
  readonly #log: string[] = [];
  #multi: cliProgress.MultiBar | undefined;
  readonly #bars = new Map<string, cliProgress.SingleBar>();
  readonly #lastLine = new Map<string, number>();

  constructor(io: CliIo, mode: ProgressMode) {
    this.#io = io;
    this.#mode = mode;
  }

  /** The lines logged so far (for the run log file). */
  get log(): readonly string[] {
    return this.#log;
  }

  /** Handles one event. */
  readonly onProgress = (event: ProgressEvent): void => {
    switch (event.type) {
      case 'run-started':
        this.#line(`run ${event.runId} started${event.dryRun ? ' (dry run)' : ''}${event.resumed ? ' (resumed)' : ''}`);
        break;
      case 'mapping-started':
        if (this.#mode === 'bars') {
          this.#multi ??= new cliProgress.MultiBar(
            {
              stream: this.#io.stderr as NodeJS.WritableStream,
              format: ' {mapping} | {value} rows | loaded {loaded} · filtered {filtered} · quarantined {quarantined}',
              hideCursor: true,
              clearOnComplete: false,
              noTTYOutput: false,
            },
            cliProgress.Presets.shades_classic,
          );
          this.#bars.set(
            event.mapping,
            this.#multi.create(0, event.resumedFromRow, { mapping: event.mapping.padEnd(24), loaded: 0, filtered: 0, quarantined: 0 }),
          );
        }
        this.#line(`mapping ${event.mapping} started${event.resumedFromRow > 0 ? ` at row ${event.resumedFromRow}` : ''}`, this.#mode !== 'bars');
        break;
      case 'batch-committed': {
        const bar = this.#bars.get(event.mapping);
        if (bar !== undefined) {
          const p = (bar as unknown as { payload?: Record<string, number> }).payload ?? {};
          bar.setTotal(event.rowsRead);
          bar.update(event.rowsRead, {
            loaded: (p['loaded'] ?? 0) + event.loaded,
            filtered: (p['filtered'] ?? 0) + event.filtered,
            quarantined: (p['quarantined'] ?? 0) + event.quarantined,
          });
        }
        const now = Date.now();
        // Plain mode: at most one line per mapping and second, so big runs keep readable logs.
        if (now - (this.#lastLine.get(event.mapping) ?? 0) >= 1000) {
          this.#lastLine.set(event.mapping, now);
          this.#line(`mapping ${event.mapping}: ${event.rowsRead} rows read (batch ${event.batch})`, this.#mode === 'lines');
        }
        break;
      }
      case 'mapping-finished':
        this.#bars.get(event.mapping)?.stop();
        this.#line(`mapping ${event.mapping} finished: ${event.extracted} rows`, this.#mode !== 'bars');
        break;
      case 'stage':
        if (event.stage === 'reconcile') this.#line(`reconcile ${event.state}`, this.#mode === 'lines');
        else if (event.mapping === undefined) this.#line(`stage ${event.stage} ${event.state}`, this.#mode === 'lines');
        break;
      case 'documents-progress': {
        // The first document, then at most one line a second: a long transfer shows it moves.
        const now = Date.now();
        if (event.done === 1 || now - (this.#lastLine.get('\u0000documents') ?? 0) >= 1000) {
          this.#lastLine.set('\u0000documents', now);
          this.#line(`documents: ${event.done} done`, this.#mode === 'lines');
        }
        break;
      }
      case 'run-finished':
        this.stop();
        this.#line(`run ${event.runId} finished: ${event.status}`);
        break;
    }
  };

  /** Logs a step outside the engine's events (e.g. the document transfer); counts and codes only. */
  note(text: string): void {
    this.#line(text);
  }

  /** Stops the bars (also on errors). */
  stop(): void {
    this.#multi?.stop();
    this.#multi = undefined;
  }

  #line(text: string, show = this.#mode !== 'silent'): void {
    const line = `${new Date().toISOString()} ${text}`;
    this.#log.push(line);
    if (show && this.#mode !== 'silent') this.#io.stderr.write(`${line}\n`);
  }
}
