/**
 * The import graph of `src/core` stays clean: no import cycles (madge, as `.ci/run` checks for all of
 * `src`), and core imports nothing above it (connectors, mappings, validators, targets, cli, stats): it
 * receives the validator and the case rules from its callers (`ModelRules`) and owns the Swiss value parsers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import madge from 'madge';

const CORE = path.resolve('src/core');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

describe('src/core import graph', () => {
  it('has no import cycles', async () => {
    const graph = await madge(CORE, { fileExtensions: ['ts'], tsConfig: path.resolve('tsconfig.json') });
    expect(graph.circular()).toEqual([]);
  }, 180_000);

  it('imports nothing from the layers above it', () => {
    const upward: string[] = [];
    for (const file of tsFiles(CORE)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g)) {
        const spec = m[1] ?? m[2]!;
        const resolved = path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts');
        if (!resolved.startsWith(CORE + path.sep)) upward.push(`${path.relative(CORE, file)} → ${path.relative(path.resolve('.'), resolved)}`);
      }
    }
    expect(upward.sort()).toEqual([]);
  });
});
