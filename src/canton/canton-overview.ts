/**
 * The canton overview: one page over every commune of a plan. Per commune and stage its status and
 * attempts; from the commune's run report the conservation and reconciliation verdicts, the quarantine
 * rate and the statistics readiness; the canton person index (people linked across communes, counts
 * only); and the path of each commune's run report. Built from the task table and the report files, so
 * it can be rebuilt at any time (`casebridge canton status`).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunReport } from '../core/report/run-report.js';
import { cantonPersonIndex, type CantonPersonIndex } from '../targets/shared/canton-person-index.js';
import type { CantonPlan, CantonStage } from './canton-plan.js';
import { listTasks, type CantonTaskStatus, type Queryable } from './canton-tasks.js';

/** Version of the overview's JSON shape. */
export const CANTON_OVERVIEW_VERSION = 1;

/** One commune in the overview. */
export interface CantonCommuneOverview {
  readonly commune: number;
  readonly wave: string;
  /** Per stage of the commune: status, attempts, exit code and the error code of a failure. */
  readonly stages: readonly {
    readonly stage: CantonStage;
    readonly status: CantonTaskStatus;
    readonly attempts: number;
    readonly exitCode: number | null;
    readonly errorCode: string | null;
    readonly durationMs: number | null;
  }[];
  /** From the commune's run report (null before its run stage succeeded). */
  readonly run: {
    readonly runId: string;
    readonly status: string;
    readonly extracted: number;
    readonly loaded: number;
    readonly filtered: number;
    readonly quarantined: number;
    /** Quarantined / extracted, in percent with one decimal. */
    readonly quarantinePercent: string;
    /** Every mapping balanced (extracted = loaded + filtered + quarantined). */
    readonly conservation: 'balanced' | 'unbalanced';
    readonly reconciliation: string;
    /** Dossiers ready for the BFS statistics, in percent (when the run checked it). */
    readonly statisticsReadyPercent: string | null;
    /** The run report, relative to the overview's folder. */
    readonly reportHtml: string | null;
    readonly reportJson: string | null;
  } | null;
}

/** The canton overview of a plan. */
export interface CantonOverview {
  readonly overviewVersion: typeof CANTON_OVERVIEW_VERSION;
  readonly plan: string;
  readonly generatedAt: string;
  /** `done`: every task succeeded; `failed`: a task failed for good; `in_progress` otherwise. */
  readonly status: 'done' | 'failed' | 'in_progress';
  readonly totals: {
    readonly communes: number;
    readonly succeeded: number;
    readonly failed: number;
    readonly pending: number;
    readonly extracted: number;
    readonly loaded: number;
    readonly quarantined: number;
  };
  readonly communes: readonly CantonCommuneOverview[];
  /** People with the same AHVN13 in several communes (counts only; never merged). */
  readonly personIndex: CantonPersonIndex | null;
}

async function readRunReport(dir: string): Promise<{ report: RunReport; json: string; html: string | null } | null> {
  const json = path.join(dir, 'run-report.json');
  try {
    const report = JSON.parse(await readFile(json, 'utf8')) as RunReport;
    const html = path.join(dir, 'run-report.html');
    return {
      report,
      json,
      html: (await readFile(html)
        .then(() => true)
        .catch(() => false))
        ? html
        : null,
    };
  } catch {
    return null;
  }
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '0.0' : ((part / whole) * 100).toFixed(1);
}

/** One commune as the overview is assembled from it: its stages and the folder of its run report. */
export interface CantonCommuneInput {
  readonly commune: number;
  readonly wave: string;
  readonly stages: CantonCommuneOverview['stages'];
  /** Folder holding `run-report.json` (and `.html`), or null when the run has not succeeded. */
  readonly runReportDir: string | null;
}

/** Assembles the overview from communes, their run reports and the person index (links relative to `reportsDir`). */
export async function assembleCantonOverview(input: {
  readonly plan: string;
  readonly reportsDir: string;
  readonly communes: readonly CantonCommuneInput[];
  readonly personIndex: CantonPersonIndex | null;
  readonly now?: Date;
}): Promise<CantonOverview> {
  const communes: CantonCommuneOverview[] = [];
  for (const c of input.communes) {
    const found = c.runReportDir === null ? null : await readRunReport(c.runReportDir);
    let run: CantonCommuneOverview['run'] = null;
    if (found !== null) {
      const r = found.report;
      const sum = (k: 'extracted' | 'loaded' | 'filtered' | 'quarantined'): number => r.entities.reduce((t, e) => t + e[k], 0);
      run = {
        runId: r.runId,
        status: r.status,
        extracted: sum('extracted'),
        loaded: sum('loaded'),
        filtered: sum('filtered'),
        quarantined: sum('quarantined'),
        quarantinePercent: percent(sum('quarantined'), sum('extracted')),
        conservation: !r.unbalanced && r.entities.every((e) => e.balanced) ? 'balanced' : 'unbalanced',
        reconciliation: r.reconciliation.status,
        statisticsReadyPercent: r.statisticsReadiness?.passingPercent ?? null,
        reportHtml: found.html === null ? null : path.relative(input.reportsDir, found.html),
        reportJson: path.relative(input.reportsDir, found.json),
      };
    }
    communes.push({ commune: c.commune, wave: c.wave, stages: c.stages, run });
  }
  const failed = communes.filter((c) => c.stages.some((s) => s.status === 'failed')).length;
  const succeeded = communes.filter((c) => c.stages.every((s) => s.status === 'succeeded')).length;
  return {
    overviewVersion: CANTON_OVERVIEW_VERSION,
    plan: input.plan,
    generatedAt: (input.now ?? new Date()).toISOString(),
    status: failed > 0 ? 'failed' : succeeded === communes.length ? 'done' : 'in_progress',
    totals: {
      communes: communes.length,
      succeeded,
      failed,
      pending: communes.length - succeeded - failed,
      extracted: communes.reduce((t, c) => t + (c.run?.extracted ?? 0), 0),
      loaded: communes.reduce((t, c) => t + (c.run?.loaded ?? 0), 0),
      quarantined: communes.reduce((t, c) => t + (c.run?.quarantined ?? 0), 0),
    },
    communes,
    personIndex: input.personIndex,
  };
}

/** The canton person index of a store, or null when it holds no canonical tables yet. */
export async function personIndexOf(db: Queryable): Promise<CantonPersonIndex | null> {
  try {
    return await cantonPersonIndex((sql, params) => db.query(sql, params) as Promise<{ rows: Record<string, unknown>[] }>);
  } catch {
    return null;
  }
}

/** Builds the overview of a plan from its tasks, the run reports in `plan.reportsDir` and the store's person index. */
export async function buildCantonOverview(db: Queryable, plan: CantonPlan, now: Date = new Date()): Promise<CantonOverview> {
  const tasks = await listTasks(db, plan.name);
  const communes: CantonCommuneInput[] = [];
  for (const [w, wave] of plan.waves.entries()) {
    for (const c of wave.communes) {
      const own = tasks.filter((t) => t.commune === c.commune && t.wave === w);
      const runTask = own.find((t) => t.stage === 'run');
      communes.push({
        commune: c.commune,
        wave: wave.name,
        stages: own.map((t) => ({
          stage: t.stage,
          status: t.status,
          attempts: t.attempts,
          exitCode: t.exitCode,
          errorCode: t.errorCode,
          durationMs: t.startedAt !== null && t.finishedAt !== null ? t.finishedAt.getTime() - t.startedAt.getTime() : null,
        })),
        runReportDir: runTask?.status === 'succeeded' ? path.join(plan.reportsDir, String(c.commune), 'run') : null,
      });
    }
  }
  return assembleCantonOverview({ plan: plan.name, reportsDir: plan.reportsDir, communes, personIndex: await personIndexOf(db), now });
}
