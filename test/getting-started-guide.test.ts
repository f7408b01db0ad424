/**
 * docs/getting-started.md works as written: every `sh` block runs, in order, in an empty folder where
 * casebridge is installed as a commune installs it (node_modules/casebridge and its bin), with the
 * files the guide tells the reader to create; a failing command fails the test. The SQL Server config
 * is checked against the config schema, and the German guide runs the same commands.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkConfig } from '../src/cli/config/load-config.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(path.join(tmpdir(), 'cb-guide-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A step of the guide: commands to run, or a file to create. */
type Step =
  | { readonly kind: 'sh'; readonly script: string }
  | { readonly kind: 'file'; readonly name: string; readonly content: string }
  | { readonly kind: 'config'; readonly content: string };

/** The guide's steps in order: ```sh blocks, and json blocks announced by a guide-file / guide-config comment. */
function steps(markdown: string): Step[] {
  const out: Step[] = [];
  const block = /(?:<!-- guide-(file|config): ([^>]+?) -->\n)?```(\w+)\n([\s\S]*?)```/g;
  for (const m of markdown.matchAll(block)) {
    const [, marker, name, lang, body] = m;
    if (lang === 'sh') out.push({ kind: 'sh', script: body! });
    else if (marker === 'file') out.push({ kind: 'file', name: name!.trim(), content: body! });
    else if (marker === 'config') out.push({ kind: 'config', content: body! });
  }
  return out;
}

describe('docs/getting-started.md', () => {
  const guide = readFileSync(path.join(repo, 'docs', 'getting-started.md'), 'utf8');

  it('has the same commands and files in German and English', () => {
    const german = readFileSync(path.join(repo, 'docs', 'getting-started.de.md'), 'utf8');
    expect(steps(german)).toEqual(steps(guide));
  });

  it('runs every command of the guide in order in an empty folder', () => {
    // dist/ current, as `prepare` leaves it in an installed package.
    execFileSync(process.execPath, [path.join(repo, 'scripts', 'build-if-stale.mjs')], { cwd: repo, stdio: 'pipe' });
    const folder = path.join(work, 'rehearsal');
    mkdirSync(path.join(folder, 'node_modules', '.bin'), { recursive: true });
    writeFileSync(path.join(folder, 'package.json'), '{ "name": "rehearsal", "private": true }\n');
    symlinkSync(repo, path.join(folder, 'node_modules', 'casebridge'), 'dir');
    symlinkSync(path.join('..', 'casebridge', 'bin', 'casebridge.js'), path.join(folder, 'node_modules', '.bin', 'casebridge'));

    const all = steps(guide);
    expect(all.filter((s) => s.kind === 'sh').length).toBeGreaterThanOrEqual(6);
    for (const step of all) {
      if (step.kind === 'file') writeFileSync(path.join(folder, step.name), step.content);
      else if (step.kind === 'config') expect(() => checkConfig(JSON.parse(step.content))).not.toThrow();
      else {
        const run = spawnSync('bash', ['-eo', 'pipefail', '-c', step.script], {
          cwd: folder,
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: '1', CI: '1' },
        });
        expect(run.status, `${step.script}\n${run.stdout}\n${run.stderr}`).toBe(0);
        // No step may leave a warning about an unused code-list map behind.
        expect(run.stderr).not.toContain('is used by no mapping');
        // The guide promises that a dry run writes nothing: not even the store folder.
        if (step.script.includes('casebridge dry-run')) expect(existsSync(path.join(folder, 'rehearsal-store'))).toBe(false);
      }
    }
    expect(existsSync(path.join(folder, 'casebridge-profile', 'source-profile.html'))).toBe(true);
    expect(existsSync(path.join(folder, 'casebridge-reports', 'run-report.html'))).toBe(true);
  }, 900_000);
});
