/**
 * The run's history in the report: every session (process) that worked on the run, when it started and
 * ended and how it ended, and the stages after the load with the session that finished each. Shows
 * that a resumed run's figures cover all of its sessions and where an interrupted session stopped.
 */
import type { ReportSession, ReportStage, RunReport } from './run-report.js';
import { badge, table, type Tone } from './html-kit.js';
import { mdTable } from './markdown-kit.js';

const OUTCOME_TEXT: Readonly<Record<string, string>> = {
  finished: 'finished',
  failed: 'failed',
  cancelled: 'cancelled (resumable)',
  'killed-or-unknown': 'killed or ended unknown (resumed later)',
};

const STAGE_TEXT: Readonly<Record<string, string>> = {
  reconcile: 'Reconciliation',
  'case-checks': 'Case checks',
  'statistics-readiness': 'Statistics readiness',
  documents: 'Document transfer',
  'code-list-coverage': 'Code-list coverage',
};

function outcomeTone(outcome: ReportSession['outcome']): Tone {
  return outcome === 'finished' ? 'ok' : outcome === 'failed' ? 'bad' : 'warn';
}

function when(iso: string | null): string {
  return iso === null ? '—' : iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

function stateText(stage: ReportStage): string {
  return stage.state === 'finished' ? `finished in session ${stage.session ?? '?'}` : stage.state === 'stopped' ? `stopped in session ${stage.session ?? '?'} (runs again on resume)` : 'not run';
}

/** Whether the report has a history to show. */
export function hasHistory(report: RunReport): boolean {
  return (report.sessions?.length ?? 0) > 0 || (report.stages?.length ?? 0) > 0;
}

/** The sessions and stages as HTML (body of the report section). */
export function sessionsSectionHtml(report: RunReport): string {
  const sessions = report.sessions ?? [];
  const stages = report.stages ?? [];
  const out: string[] = [];
  out.push(`<p><strong data-figure="Sessions">${sessions.length}</strong> session${sessions.length === 1 ? '' : 's'}; every figure of this report counts all of them.</p>`);
  out.push(
    table(
      ['Session', 'Started', 'Ended', 'How it ended'],
      sessions.map((s) => [String(s.session), when(s.startedAt), when(s.endedAt), { html: badge(OUTCOME_TEXT[s.outcome ?? ''] ?? 'running', outcomeTone(s.outcome)) }]),
      { caption: 'Sessions of this run (each process that worked on it)' },
    ),
  );
  if (stages.length > 0) {
    out.push(
      table(
        ['Stage after the load', 'State'],
        stages.map((s) => [STAGE_TEXT[s.stage] ?? s.stage, { html: badge(stateText(s), s.state === 'finished' ? 'ok' : s.state === 'stopped' ? 'warn' : 'muted') }]),
        { caption: 'Each stage is checkpointed: a resumed run continues at the stage it stopped in' },
      ),
    );
  }
  return out.join('');
}

/** The sessions and stages as Markdown (without its heading). */
export function sessionsSectionMarkdown(report: RunReport): string {
  const sessions = report.sessions ?? [];
  const stages = report.stages ?? [];
  const out = [mdTable(['Session', 'Started', 'Ended', 'How it ended'], sessions.map((s) => [s.session, when(s.startedAt), when(s.endedAt), OUTCOME_TEXT[s.outcome ?? ''] ?? 'running']))];
  if (stages.length > 0) out.push(`\n${mdTable(['Stage after the load', 'State'], stages.map((s) => [STAGE_TEXT[s.stage] ?? s.stage, stateText(s)]))}`);
  return out.join('\n');
}
