/**
 * The public API is what the docs teach, each name from one entry point: every name the docs import is
 * exported by the entry they import it from (checked in the built package, through its `exports` map),
 * the root exports exactly the names docs/api.md lists, and no name is exported by two entry points.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryPoints, exportsOf, type EntryPoint, type ExportedName } from './helpers/entry-exports.js';

const ROOT = path.resolve('.');
const entries: EntryPoint[] = entryPoints(ROOT);
let exported: Map<string, ExportedName[]>;
/** Run-time names of each entry of the built package, imported by its specifier (self-reference through `exports`). */
let builtNames: Record<string, string[]>;

/** Markdown files whose code the users read: README, docs (not the generated reference), example READMEs. */
function guideFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? path.join(dir, e.name) === path.join('docs', 'api')
          ? []
          : walk(path.join(dir, e.name))
        : e.name.endsWith('.md')
          ? [path.join(dir, e.name)]
          : [],
    );
  return ['README.md', ...walk('docs'), ...walk('examples')];
}

/** Every `import { a, b } from 'casebridge…'` in the code of the guides: file, entry, names. */
function documentedImports(): { file: string; specifier: string; names: string[] }[] {
  const found: { file: string; specifier: string; names: string[] }[] = [];
  for (const file of guideFiles()) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'(casebridge(?:\/[^']*)?)'/g)) {
      const names = m[1]!
        .split(',')
        .map(
          (n) =>
            n
              .trim()
              .replace(/^type\s+/, '')
              .split(/\s+as\s+/)[0]!,
        )
        .filter((n) => n !== '');
      found.push({ file, specifier: m[2]!, names });
    }
  }
  return found;
}

/** The names docs/api.md lists for the root entry (its section "Every name of the root entry"). */
function documentedRootNames(): string[] {
  const text = readFileSync('docs/api.md', 'utf8');
  const section = text.split('## Every name of the root entry')[1];
  if (section === undefined) throw new Error('docs/api.md has no section "Every name of the root entry"');
  return [...section.split('\n## ')[0]!.matchAll(/`([A-Za-z_$][\w$]*)`/g)].map((m) => m[1]!);
}

beforeAll(() => {
  // dist/ must be current: the same no-op-when-fresh build that `prepare` runs.
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-if-stale.mjs')], { cwd: ROOT, stdio: 'pipe' });
  const script = `const out = {}; for (const s of ${JSON.stringify(entries.map((e) => e.specifier))}) out[s] = Object.keys(await import(s)); console.log(JSON.stringify(out));`;
  builtNames = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' })) as Record<string, string[]>;
  exported = exportsOf(
    entries.map((e) => e.source),
    ROOT,
  );
}, 300_000);

describe('the public API', () => {
  it('exports every name the guides import from the entry point they import it from', () => {
    const imports = documentedImports();
    expect(imports.length).toBeGreaterThan(5);
    const missing: string[] = [];
    for (const { file, specifier, names } of imports) {
      const entry = entries.find((e) => e.specifier === specifier);
      if (entry === undefined) {
        missing.push(`${file}: ${specifier} is no entry point`);
        continue;
      }
      const available = new Set(exported.get(entry.source)!.map((n) => n.name));
      for (const name of names) if (!available.has(name)) missing.push(`${file}: ${name} from ${specifier}`);
    }
    expect(missing).toEqual([]);
  });

  it('exports from the root exactly the names docs/api.md lists, plus the generated model types', () => {
    const root = exported.get(entries.find((e) => e.specifier === 'casebridge')!.source)!;
    const handWritten = root.filter((n) => !n.declaredIn.startsWith('src/generated/')).map((n) => n.name);
    expect([...handWritten].sort()).toEqual([...new Set(documentedRootNames())].sort());
    expect(root.length).toBeLessThanOrEqual(240);
  });

  it('exports each name from one entry point only', () => {
    const owners = new Map<string, string[]>();
    for (const entry of entries) for (const { name } of exported.get(entry.source)!) owners.set(name, [...(owners.get(name) ?? []), entry.specifier]);
    expect([...owners].filter(([, where]) => where.length > 1).map(([name, where]) => `${name}: ${where.join(', ')}`)).toEqual([]);
  });

  it('has in the built package, imported by its public specifier, exactly the run-time names of each entry', () => {
    for (const entry of entries) {
      const values = exported
        .get(entry.source)!
        .filter((n) => n.value)
        .map((n) => n.name);
      expect({ entry: entry.specifier, names: [...builtNames[entry.specifier]!].sort() }).toEqual({ entry: entry.specifier, names: values.sort() });
    }
  });

  it('keeps the root free of optional drivers and of the connectors and targets', () => {
    const script = `await import('casebridge'); const { createRequire } = await import('node:module'); const req = createRequire(process.cwd() + '/'); console.log(JSON.stringify(['pg', 'mysql2', 'mssql', 'typeorm'].filter((m) => { try { return req.cache[req.resolve(m)] !== undefined; } catch { return false; } })));`;
    expect(JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' }))).toEqual([]);
  });
});
