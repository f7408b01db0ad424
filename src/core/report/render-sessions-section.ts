/**
 * The run's history in the report: every session (process) that worked on the run, when it started and
 * ended and how it ended, and the stages after the load with the session that finished each. Shows
 * that a resumed run's figures cover all of its sessions and where an interrupted session stopped.
 */
import type { ReportSession, ReportStage, RunReport } from './run-report.js';
import { badge, escapeHtml, table, type Tone } from './html-kit.js';
import { reportMessages, type ReportMessages } from './i18n/report-messages.js';
import { swissDateTime } from './i18n/swiss-format.js';
import { mdTable } from './markdown-kit.js';

const EN = reportMessages('en');

function outcomeTone(outcome: ReportSession['outcome']): Tone {
  return outcome === 'finished' ? 'ok' : outcome === 'failed' ? 'bad' : 'warn';
}

function when(iso: string | null): string {
  return iso === null ? '—' : swissDateTime(iso);
}

function outcomeText(outcome: ReportSession['outcome'], m: ReportMessages): string {
  const texts = m.sessions.outcome as Readonly<Record<string, string>>;
  return outcome === null ? m.sessions.running : (texts[outcome] ?? outcome);
}

function stageName(stage: string, m: ReportMessages): string {
  return (m.sessions.stage as Readonly<Record<string, string>>)[stage] ?? stage;
}

function stateText(stage: ReportStage, m: ReportMessages): string {
  const session = String(stage.session ?? '?');
  return stage.state === 'finished' ? m.sessions.finishedIn(session) : stage.state === 'stopped' ? m.sessions.stoppedIn(session) : m.sessions.notRun;
}

/** Whether the report has a history to show. */
export function hasHistory(report: RunReport): boolean {
  return (report.sessions?.length ?? 0) > 0 || (report.stages?.length ?? 0) > 0;
}

/** The sessions and stages as HTML (body of the report section). */
export function sessionsSectionHtml(report: RunReport, m: ReportMessages = EN): string {
  const sessions = report.sessions ?? [];
  const stages = report.stages ?? [];
  const out: string[] = [];
  out.push(`<p><strong data-figure="Sessions">${sessions.length}</strong> ${escapeHtml(m.sessions.count(sessions.length !== 1))}</p>`);
  out.push(
    table(
      [m.sessions.colSession, m.sessions.colStarted, m.sessions.colEnded, m.sessions.colHow],
      sessions.map((s) => [String(s.session), when(s.startedAt), when(s.endedAt), { html: badge(outcomeText(s.outcome, m), outcomeTone(s.outcome)) }]),
      { caption: m.sessions.caption },
    ),
  );
  if (stages.length > 0) {
    out.push(
      table(
        [m.sessions.colStage, m.sessions.colState],
        stages.map((s) => [stageName(s.stage, m), { html: badge(stateText(s, m), s.state === 'finished' ? 'ok' : s.state === 'stopped' ? 'warn' : 'muted') }]),
        { caption: m.sessions.stagesCaption },
      ),
    );
  }
  return out.join('');
}

/** The sessions and stages as Markdown (without its heading). */
export function sessionsSectionMarkdown(report: RunReport, m: ReportMessages = EN): string {
  const sessions = report.sessions ?? [];
  const stages = report.stages ?? [];
  const out = [
    mdTable(
      [m.sessions.colSession, m.sessions.colStarted, m.sessions.colEnded, m.sessions.colHow],
      sessions.map((s) => [s.session, when(s.startedAt), when(s.endedAt), outcomeText(s.outcome, m)]),
      m.none,
    ),
  ];
  if (stages.length > 0)
    out.push(
      `\n${mdTable(
        [m.sessions.colStage, m.sessions.colState],
        stages.map((s) => [stageName(s.stage, m), stateText(s, m)]),
        m.none,
      )}`,
    );
  return out.join('\n');
}
