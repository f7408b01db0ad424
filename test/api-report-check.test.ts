/**
 * `npm run check:api` guards the public surface: on a small package built in a temp folder, the check
 * passes while the exports match the committed report and fails, naming the entry point, as soon as an
 * export is added without the report being updated.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkApiReports } from '../scripts/check-api.js';

const folders: string[] = [];
afterEach(() => {
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});

/** A package with a root and one subpath entry, as `npm run build` would leave it. */
function tinyPackage(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'casebridge-api-check-'));
  folders.push(root);
  mkdirSync(path.join(root, 'dist', 'extra'), { recursive: true });
  writeFileSync(
    path.join(root, 'package.json'),
    JSON.stringify({
      name: 'tiny',
      version: '1.0.0',
      type: 'module',
      exports: {
        '.': { types: './dist/index.d.ts', default: './dist/index.js' },
        './extra': { types: './dist/extra/index.d.ts', default: './dist/extra/index.js' },
      },
    }),
  );
  writeFileSync(path.join(root, 'dist', 'index.d.ts'), '/** Runs it. */\nexport declare function run(count: number): string;\n');
  writeFileSync(path.join(root, 'dist', 'extra', 'index.d.ts'), '/** A helper. */\nexport declare const helper: 1;\n');
  return root;
}

describe('the API report check', () => {
  it('passes when every entry point matches its committed report', () => {
    const root = tinyPackage();
    expect(checkApiReports(root, { update: true })).toEqual({ changed: [], errors: [] });
    expect(readFileSync(path.join(root, 'api', 'tiny.api.md'), 'utf8')).toContain('export function run(count: number): string;');
    expect(checkApiReports(root)).toEqual({ changed: [], errors: [] });
  }, 120_000);

  it('fails, naming the entry point, when an export is added without updating the report', () => {
    const root = tinyPackage();
    checkApiReports(root, { update: true });
    writeFileSync(
      path.join(root, 'dist', 'extra', 'index.d.ts'),
      '/** A helper. */\nexport declare const helper: 1;\n/** New. */\nexport declare const added: 2;\n',
    );
    expect(checkApiReports(root).changed).toEqual(['tiny-extra']);
    checkApiReports(root, { update: true });
    expect(readFileSync(path.join(root, 'api', 'tiny-extra.api.md'), 'utf8')).toContain('export const added: 2;');
    expect(checkApiReports(root).changed).toEqual([]);
  }, 120_000);

  it('fails when a signature changes', () => {
    const root = tinyPackage();
    checkApiReports(root, { update: true });
    writeFileSync(path.join(root, 'dist', 'index.d.ts'), '/** Runs it. */\nexport declare function run(count: number, dryRun?: boolean): string;\n');
    expect(checkApiReports(root).changed).toEqual(['tiny']);
  }, 120_000);
});
