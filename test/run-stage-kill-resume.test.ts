/**
 * One run, one report, whatever happens to its process: a CLI run of the relational profile (PostgreSQL
 * source with document BLOBs, PostgreSQL target) is SIGKILLed inside each stage in turn — the load,
 * reconciliation, the case checks, the document transfer (after its first document) and the code-list
 * coverage — then resumed with `--resume`. Each resumed run must finish, and its stored report, its JSON
 * file and its HTML (opened in headless Chromium) must show the same figures as an uninterrupted run's,
 * with a session history of two sessions (the first `killed-or-unknown`). `casebridge report <runId>`
 * re-renders the run's files byte for byte from the ledger.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { captureIo } from '../src/cli/cli-io.js';
import { runCli } from '../src/cli/main.js';
import type { RunReport } from '../src/core/report/run-report.js';
import { LEDGER_TABLES } from '../src/targets/ledger/ledger-ddl.js';
import { generateRelationalSource } from '../src/profiles/relational/index.js';
import { createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';
import { CHROMIUM, CHROMIUM_ARGS as ARGS } from './helpers/chromium.js';

const CHILD = fileURLToPath(new URL('./fixtures/engine/cli-kill-child.ts', import.meta.url));

/** Where each run is killed: a progress line of the stage and which occurrence of it. */
const KILLS: readonly { readonly stage: string; readonly pattern: string; readonly occurrence: number }[] = [
  // The third mapping's first committed batch: earlier mappings done, this one part-way.
  { stage: 'load', pattern: 'rows read \\(batch \\d+\\)', occurrence: 3 },
  { stage: 'reconcile', pattern: '^\\S+ reconcile started', occurrence: 1 },
  { stage: 'case-checks', pattern: 'stage case-checks started', occurrence: 1 },
  { stage: 'documents', pattern: 'documents: 1 done', occurrence: 1 },
  { stage: 'code-list-coverage', pattern: 'stage code-list-coverage started', occurrence: 1 },
];

/** Runs the CLI in a child process that SIGKILLs itself at the pattern; resolves with its signal. */
function runKilled(
  cwd: string,
  env: Record<string, string>,
  pattern: string,
  occurrence: number,
  args: readonly string[],
): Promise<{ signal: NodeJS.Signals | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, cwd, pattern, String(occurrence), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ signal, out, err }));
  });
}

/** The figures a report shows, without what differs between any two runs (ids, times, sessions). */
function figures(r: RunReport): Record<string, unknown> {
  const d = r.documents;
  return {
    status: r.status,
    exitCode: r.exitCode,
    reasons: r.reasons,
    unbalanced: r.unbalanced,
    entities: r.entities,
    records: r.records,
    quarantine: r.quarantine,
    duplicates: { policy: r.duplicates.policy, groupCount: r.duplicates.groupCount, groups: r.duplicates.groups },
    thresholds: r.thresholds,
    reconciliation: r.reconciliation,
    errors: r.errors,
    codeListCoverage: r.codeListCoverage,
    caseChecks: r.caseChecks,
    documents:
      d === undefined
        ? undefined
        : {
            status: d.status,
            total: d.total,
            transferred: d.transferred,
            unchanged: d.unchanged,
            quarantined: d.quarantined,
            quarantinedByCode: d.quarantinedByCode,
            failed: d.failed,
            totalBytes: d.totalBytes,
            byMediaType: d.byMediaType,
            balanced: d.balanced,
            reconciliation: d.reconciliation,
          },
    stages: r.stages?.map((s) => ({ stage: s.stage, state: s.state })),
  };
}

await describeWithService('postgres', 'a run killed in any stage resumes and reports like an uninterrupted run', () => {
  let source: TestDatabase;
  const targets: TestDatabase[] = [];
  const root = mkdtempSync(path.join(tmpdir(), 'cb-stage-kill-'));
  const keyFile = path.join(root, 'keys', 'pseudonyms.key');
  let clean: RunReport;
  let browser: Browser | undefined;

  /** A folder with a config for a fresh target database. */
  async function scenario(name: string): Promise<{ dir: string; env: Record<string, string> }> {
    const target = await createPostgresDatabase('cbstagekill');
    targets.push(target);
    const dir = path.join(root, name);
    mkdirSync(dir, { recursive: true });
    const config = {
      name: 'stage-kill',
      tenant: { commune: 351, sourceSystem: 'relational' },
      source: { connector: 'postgres', name: 'relational', connectionString: { env: 'SOURCE_URL' } },
      mappings: 'relational',
      target: { kind: 'postgres', url: { env: 'TARGET_URL' } },
      reports: { dir: 'reports' },
      options: { batchSize: 8 },
    };
    writeFileSync(path.join(dir, 'casebridge.config.json'), JSON.stringify(config));
    return { dir, env: { SOURCE_URL: source.url, TARGET_URL: target.url } };
  }

  async function cli(dir: string, env: Record<string, string>, args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
    const io = captureIo({ cwd: dir, env });
    const code = await runCli(['--no-progress', ...args], io);
    return { code, out: io.out(), err: io.err() };
  }

  /** Every `[data-figure]` of the HTML report as Chromium renders it. */
  async function htmlFigures(file: string): Promise<Record<string, string>> {
    const page = await browser!.newPage();
    try {
      await page.goto(pathToFileURL(file).href);
      const figures = page.locator('[data-figure]');
      const out: Record<string, string> = {};
      const n = await figures.count();
      for (let i = 0; i < n; i++)
        out[`${String(i).padStart(3, '0')} ${(await figures.nth(i).getAttribute('data-figure')) ?? ''}`] = await figures.nth(i).innerText();
      return out;
    } finally {
      await page.close();
    }
  }

  beforeAll(async () => {
    source = await createPostgresDatabase('cbstagekillsrc');
    await generateRelationalSource({ dialect: 'postgres', connection: source.url, persons: 60 });
    const { dir, env } = await scenario('clean');
    const run = await cli(dir, env, ['run', '--key-file', keyFile]);
    expect(run.err).not.toContain('error ');
    clean = JSON.parse(readFileSync(path.join(dir, 'reports', 'run-report.json'), 'utf8')) as RunReport;
    expect(run.code).toBe(clean.exitCode);
    expect(clean.documents?.total).toBeGreaterThan(3);
    expect(clean.sessions?.map((s) => s.outcome)).toEqual(['finished']);
    if (existsSync(CHROMIUM)) {
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    } else if (process.env.CASEBRIDGE_REQUIRE_SERVICES === '1') throw new Error(`chromium is required in CI but missing at ${CHROMIUM}`);
    else
      console.warn(
        `\n!!! run-stage-kill-resume: chromium not found at ${CHROMIUM}; the HTML is checked without a browser. Install it: apt-get install -y chromium !!!\n`,
      );
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    for (const db of targets) await db.drop();
    await source?.drop();
  });

  it('the clean run passes and every stage after the load finished in its one session', () => {
    expect(clean.status).toBe('passed');
    expect(clean.reconciliation.status).toBe('passed');
    expect(clean.stages?.filter((s) => s.state === 'finished').map((s) => s.stage)).toEqual(['reconcile', 'case-checks', 'documents', 'code-list-coverage']);
    expect(clean.documents).toMatchObject({ status: 'passed', resumed: 0, failed: 0 });
  });

  for (const kill of KILLS) {
    it(`killed in ${kill.stage}: the resumed run finishes with the clean run's figures and both sessions`, async () => {
      const { dir, env } = await scenario(kill.stage);
      const runId = randomUUID();
      const killed = await runKilled(dir, env, kill.pattern, kill.occurrence, ['--no-progress', 'run', '--key-file', keyFile, '--run-id', runId]);
      expect(killed.signal, `the child was not killed in ${kill.stage}: ${killed.err.slice(-1500)}`).toBe('SIGKILL');
      // Killed: the ledger says running, and there is no report yet.
      const client = new pg.Client({ connectionString: env.TARGET_URL });
      await client.connect();
      try {
        const row = await client.query<{ status: string; report_text: string | null }>(
          `SELECT status, report_text FROM ${LEDGER_TABLES.run} WHERE run_id = $1`,
          [runId],
        );
        expect(row.rows[0]).toMatchObject({ status: 'running', report_text: null });
        if (kill.stage === 'documents') {
          const stored = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM casebridge.cb_document`).catch(() => ({ rows: [{ n: -1 }] }));
          console.info(`documents stored when killed: ${stored.rows[0]?.n} of ${clean.documents?.total}`);
        }
      } finally {
        await client.end();
      }

      const resumed = await cli(dir, env, ['run', '--key-file', keyFile, '--run-id', runId, '--resume']);
      expect(resumed.err).not.toContain('CB_CHECKPOINT_INVALID');
      const file = path.join(dir, 'reports', 'run-report.json');
      const text = readFileSync(file, 'utf8');
      const report = JSON.parse(text) as RunReport;
      expect(resumed.code).toBe(report.exitCode);
      expect(report.runId).toBe(runId);
      expect(report.resumed).toBe(true);
      expect(figures(report)).toEqual(figures(clean));
      expect(report.sessions?.map((s) => s.outcome)).toEqual(['killed-or-unknown', 'finished']);
      if (kill.stage === 'documents') expect(report.documents?.resumed).toBeGreaterThan(0);

      // The stored report is the file, byte for byte; `casebridge report <runId>` renders the same bytes.
      const client2 = new pg.Client({ connectionString: env.TARGET_URL });
      await client2.connect();
      try {
        const row = await client2.query<{ status: string; report_text: string }>(`SELECT status, report_text FROM ${LEDGER_TABLES.run} WHERE run_id = $1`, [
          runId,
        ]);
        expect(row.rows[0]?.status).toBe('finished');
        expect(`${JSON.stringify(JSON.parse(row.rows[0]!.report_text), null, 2)}\n`).toBe(text);
      } finally {
        await client2.end();
      }
      const again = await cli(dir, env, ['report', runId, '--out', 'rerendered']);
      expect(again.code).toBe(0);
      for (const ext of ['json', 'html', 'md']) {
        expect(readFileSync(path.join(dir, 'rerendered', `run-report.${ext}`), 'utf8'), ext).toBe(
          readFileSync(path.join(dir, 'reports', `run-report.${ext}`), 'utf8'),
        );
      }

      // The HTML shows the clean run's figures and the two sessions.
      const html = readFileSync(path.join(dir, 'reports', 'run-report.html'), 'utf8');
      expect(html).toContain('killed or ended unknown');
      if (browser !== undefined) {
        const cleanFigures = await htmlFigures(path.join(root, 'clean', 'reports', 'run-report.html'));
        const resumedFigures = await htmlFigures(path.join(dir, 'reports', 'run-report.html'));
        const withoutSessions = (f: Record<string, string>): Record<string, string> =>
          Object.fromEntries(Object.entries(f).filter(([k]) => !k.endsWith(' Sessions')));
        expect(withoutSessions(resumedFigures)).toEqual(withoutSessions(cleanFigures));
        expect(Object.entries(resumedFigures).find(([k]) => k.endsWith(' Sessions'))?.[1]).toBe('2');
        expect(Object.entries(cleanFigures).find(([k]) => k.endsWith(' Sessions'))?.[1]).toBe('1');
      }
    }, 300_000);
  }
});
