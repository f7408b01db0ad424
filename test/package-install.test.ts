/**
 * The npm package as a commune receives it: `npm pack` builds the tarball, an empty project installs it,
 * and the README's first example (`npx casebridge demo`) runs from the installed package. Catches files
 * that the package needs but does not ship (docs the README links to, the LICENSE, examples) and
 * lifecycle scripts that need unshipped files.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(path.join(tmpdir(), 'cb-pack-'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the npm package', () => {
  it('packs, installs into an empty project and runs the README example (npx casebridge demo)', () => {
    // dist/ must be current: the same no-op-when-fresh build that `prepare` runs.
    execFileSync(process.execPath, [path.join(repo, 'scripts', 'build-if-stale.mjs')], { cwd: repo, stdio: 'pipe' });
    const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: repo, encoding: 'utf8' })) as Array<{
      filename: string;
      files: Array<{ path: string }>;
    }>;
    const tarball = path.join(work, packed[0]!.filename);
    const shipped = new Set(packed[0]!.files.map((f) => f.path));
    for (const file of ['LICENSE', 'README.md', 'bin/casebridge.js', 'dist/index.js', 'dist/cli/main.js', 'docs/getting-started.md']) {
      expect(shipped, file).toContain(file);
    }
    // Every relative link of the README resolves inside the tarball.
    const readme = readFileSync(path.join(repo, 'README.md'), 'utf8');
    for (const [, target] of readme.matchAll(/\]\(((?!https?:|#)[^)#\s]+)(?:#[^)]*)?\)/g)) expect(shipped, `README link ${target}`).toContain(target);

    const project = path.join(work, 'commune');
    mkdirSync(project);
    execFileSync(npm, ['init', '-y'], { cwd: project, stdio: 'pipe' });
    const install = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: project, encoding: 'utf8' });
    expect(install.status, install.stderr).toBe(0);

    const demo = spawnSync(npm, ['exec', '--', 'casebridge', 'demo'], { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(demo.status, `${demo.stdout}\n${demo.stderr}`).toBe(0);
    expect(existsSync(path.join(project, 'casebridge-demo', 'reports', 'run-report.html'))).toBe(true);
    expect(existsSync(path.join(project, 'node_modules', 'casebridge', 'LICENSE'))).toBe(true);
  }, 600_000);
});
