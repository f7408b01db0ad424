/**
 * The canton overview as a self-contained HTML page (same kit as the run report: no scripts, no
 * external assets), with a link to every commune's run report.
 */
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { badge, escapeHtml, formatCount, page, section, table, tile, type Cell, type Tone } from '../core/report/html-kit.js';
import type { CantonOverview } from './canton-overview.js';

function tone(status: string): Tone {
  if (status === 'succeeded' || status === 'passed' || status === 'balanced' || status === 'done') return 'ok';
  if (status === 'failed' || status === 'unbalanced') return 'bad';
  if (status === 'passed_with_warnings' || status === 'running' || status === 'queued' || status === 'in_progress') return 'warn';
  return 'muted';
}

/** Renders the overview page. */
export function renderCantonOverviewHtml(o: CantonOverview): string {
  const stages = [...new Set(o.communes.flatMap((c) => c.stages.map((s) => s.stage)))];
  const rows = o.communes.map((c): Cell[] => [
    { html: `<span class="mono" data-commune="${String(c.commune)}">${escapeHtml(String(c.commune))}</span>` },
    c.wave,
    ...stages.map((stage) => {
      const s = c.stages.find((x) => x.stage === stage);
      if (s === undefined) return { html: badge('—', 'muted') };
      const extra = s.attempts > 1 ? ` ×${String(s.attempts)}` : '';
      return {
        html: `<span data-stage="${escapeHtml(stage)}">${badge(s.status + extra, tone(s.status))}</span>${s.errorCode !== null && s.status !== 'succeeded' ? ` <span class="mono">${escapeHtml(s.errorCode)}</span>` : ''}`,
      };
    }),
    c.run === null ? '—' : { html: badge(c.run.status, tone(c.run.status)) },
    c.run === null ? '—' : { html: badge(c.run.conservation, tone(c.run.conservation)) },
    c.run === null ? '—' : { html: badge(c.run.reconciliation, tone(c.run.reconciliation)) },
    c.run === null ? '—' : c.run.extracted,
    c.run === null ? '—' : c.run.loaded,
    c.run === null ? '—' : { text: `${c.run.quarantinePercent} %`, num: true as const },
    c.run?.statisticsReadyPercent == null ? '—' : { text: `${c.run.statisticsReadyPercent} %`, num: true as const },
    c.run?.reportHtml == null ? '—' : { html: `<a href="${escapeHtml(c.run.reportHtml.split(path.sep).join('/'))}">run report</a>` },
  ]);
  const communes = section(
    'communes',
    'Communes',
    table(
      [
        'Commune (BFS)',
        'Wave',
        ...stages.map((s) => `Stage: ${s}`),
        'Run status',
        'Conservation',
        'Reconciliation',
        'Extracted',
        'Loaded',
        'Quarantined',
        'Statistics-ready',
        'Report',
      ],
      rows,
      { caption: 'Status per commune and stage' },
    ),
    "Each commune is migrated apart (its own tenant key); a stage that failed is retried with back-off, a lost worker's stage resumes from its checkpoint.",
  );
  const index = o.personIndex;
  const people = section(
    'people',
    'People in several communes',
    index === null
      ? '<p class="muted">No persons loaded yet.</p>'
      : `<div class="tiles">${tile('Distinct AHVN13', formatCount(index.distinctVn))}${tile('Linked across communes', formatCount(index.linkedVn), index.linkedVn > 0 ? 'warn' : 'ok')}${tile('Legacy links declared', formatCount(index.legacyLinks.declared))}${tile('Legacy links resolved', formatCount(index.legacyLinks.resolved), index.legacyLinks.unresolved > 0 ? 'warn' : 'ok', `${formatCount(index.legacyLinks.unresolved)} unresolved, ${formatCount(index.legacyLinks.beyondAhv)} beyond the AHVN13`)}</div>` +
          table(
            ['Commune (BFS)', 'Persons', 'With AHVN13', 'Linked'],
            index.communes.map((c) => [c.commune === null ? '—' : String(c.commune), c.persons, c.withVn, c.linked]),
            { caption: 'Person index by commune' },
          ),
    'The same person supported in two communes stays two commune records; the canton sees the link as a count, never merged and never by name.',
  );
  const verdict = `<section id="verdict"><div class="tiles">${tile('Communes', formatCount(o.totals.communes))}${tile('Succeeded', formatCount(o.totals.succeeded), 'ok')}${tile('Failed', formatCount(o.totals.failed), o.totals.failed > 0 ? 'bad' : 'muted')}${tile('Pending', formatCount(o.totals.pending), o.totals.pending > 0 ? 'warn' : 'muted')}${tile('Loaded rows', formatCount(o.totals.loaded))}${tile('Quarantined rows', formatCount(o.totals.quarantined), o.totals.quarantined > 0 ? 'warn' : 'ok')}</div><p>Plan status: ${badge(o.status, tone(o.status))}</p></section>`;
  return page({
    title: `Canton overview — ${o.plan}`,
    heading: `Canton overview: ${o.plan}`,
    meta: [
      ['Generated', o.generatedAt],
      ['Communes', String(o.totals.communes)],
    ],
    toc: [
      ['verdict', 'Verdict'],
      ['communes', 'Communes'],
      ['people', 'People in several communes'],
    ],
    body: verdict + communes + people,
    footer: `casebridge canton overview v${String(o.overviewVersion)} — counts only, no personal data`,
  });
}

/** Writes `canton-overview.json` and `canton-overview.html` into `dir`; returns their paths. */
export async function writeCantonOverview(o: CantonOverview, dir: string): Promise<{ json: string; html: string }> {
  await mkdir(dir, { recursive: true });
  const json = path.join(dir, 'canton-overview.json');
  const html = path.join(dir, 'canton-overview.html');
  await writeFile(json, `${JSON.stringify(o, null, 2)}\n`, 'utf8');
  await writeFile(html, renderCantonOverviewHtml(o), 'utf8');
  return { json, html };
}
