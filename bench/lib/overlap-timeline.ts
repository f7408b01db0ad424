/**
 * The overlap timeline of a migration child (`BENCH_TIMELINE=1`): does Node work while PostgreSQL
 * works, or do they take turns? Samples, every 100 ms, the loader's own CPU and the CPU of the target's
 * backends (`/proc`, so 10 ms ticks), and classifies each window as Node busy, PostgreSQL busy, both or
 * neither; adds the main thread's event-loop utilisation and the event-loop delay (how long a
 * synchronous stretch keeps a finished statement's answer waiting) over the load stage, and the gaps
 * between batch commits. Printed to stderr; the engine is not touched.
 */
import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks';
import type { BackendCpu } from './backend-cpu.js';

/** A window counts as busy for a side that used at least this share of one core in it. */
const BUSY = 0.6;
const WINDOW_MS = 100;

interface Sample {
  readonly t: number;
  readonly node: number;
  readonly db: number;
}

/** Samples Node and backend CPU until `stop()`; `loadEnded()` marks the end of the load stage. */
export class OverlapTimeline {
  readonly #backends: BackendCpu;
  readonly #samples: Sample[] = [];
  readonly #commits: number[] = [];
  readonly #delay = monitorEventLoopDelay({ resolution: 1 });
  readonly #elu: EventLoopUtilization;
  #loadElu: EventLoopUtilization | undefined;
  #loadEnd: number | undefined;
  readonly #timer: NodeJS.Timeout;
  /** Peak resident set (MB) during the load stage and after it. */
  readonly #rss = { load: 0, after: 0 };

  constructor(backends: BackendCpu) {
    this.#backends = backends;
    this.#elu = performance.eventLoopUtilization();
    this.#delay.enable();
    this.#sample();
    this.#timer = setInterval(() => this.#sample(), WINDOW_MS);
  }

  #sample(): void {
    const rss = process.memoryUsage.rss() / 2 ** 20;
    if (this.#loadEnd === undefined) this.#rss.load = Math.max(this.#rss.load, rss);
    else this.#rss.after = Math.max(this.#rss.after, rss);
    const cpu = process.cpuUsage();
    this.#samples.push({ t: performance.now(), node: (cpu.user + cpu.system) / 1e6, db: this.#backends.seconds() });
  }

  /** A batch committed now. */
  batchCommitted(): void {
    this.#commits.push(performance.now());
  }

  /** The load stage ended now (reconciliation starts). */
  loadEnded(): void {
    if (this.#loadEnd !== undefined) return;
    this.#loadEnd = performance.now();
    this.#loadElu = performance.eventLoopUtilization(this.#elu);
    this.#delay.disable();
  }

  /** Stops sampling and renders the summary of the load stage. */
  stop(): string {
    clearInterval(this.#timer);
    this.#sample();
    this.loadEnded();
    const end = this.#loadEnd!;
    const windows = { node: 0, db: 0, both: 0, neither: 0, total: 0 };
    let nodeCpu = 0;
    let dbCpu = 0;
    const first = this.#samples[0]!;
    let last = first;
    for (const s of this.#samples.slice(1)) {
      if (s.t > end) break;
      const span = (s.t - last.t) / 1000;
      const node = (s.node - last.node) / span;
      const db = (s.db - last.db) / span;
      nodeCpu = s.node - first.node;
      dbCpu = s.db - first.db;
      windows.total += 1;
      if (node >= BUSY && db >= BUSY) windows.both += 1;
      else if (node >= BUSY) windows.node += 1;
      else if (db >= BUSY) windows.db += 1;
      else windows.neither += 1;
      last = s;
    }
    const pct = (n: number): string => `${((100 * n) / Math.max(1, windows.total)).toFixed(0)} %`;
    const gaps = this.#commits.slice(1).map((t, i) => t - this.#commits[i]!);
    gaps.sort((a, b) => a - b);
    const q = (p: number): string => (gaps.length === 0 ? '–' : gaps[Math.min(gaps.length - 1, Math.floor(p * gaps.length))]!.toFixed(0));
    const ms = (ns: number): string => (ns / 1e6).toFixed(1);
    const wall = (end - first.t) / 1000;
    return [
      `overlap timeline (load stage, ${WINDOW_MS} ms windows, busy = ≥ ${BUSY * 100} % of a core):`,
      `  wall ${wall.toFixed(1)} s, Node CPU ${nodeCpu.toFixed(1)} s, PostgreSQL CPU ${dbCpu.toFixed(1)} s, overlap ${((nodeCpu + dbCpu - wall) / Math.max(0.01, Math.min(nodeCpu, dbCpu))).toFixed(2)} (1 = the smaller fully hidden)`,
      `  windows: both busy ${pct(windows.both)}, only Node ${pct(windows.node)}, only PostgreSQL ${pct(windows.db)}, neither ${pct(windows.neither)}`,
      `  main thread event-loop utilisation ${(this.#loadElu!.utilization * 100).toFixed(0)} %; event-loop delay ms p50 ${ms(this.#delay.percentile(50))}, p90 ${ms(this.#delay.percentile(90))}, p99 ${ms(this.#delay.percentile(99))}, max ${ms(this.#delay.max)}`,
      `  peak RSS ${this.#rss.load.toFixed(0)} MB during the load stage, ${this.#rss.after.toFixed(0)} MB after it`,
      `  ${this.#commits.length} batch commits; ms between commits p10 ${q(0.1)}, p50 ${q(0.5)}, p90 ${q(0.9)}, p99 ${q(0.99)}`,
    ].join('\n');
  }
}
