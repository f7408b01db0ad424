/**
 * Runs a list of generators: writes changed files only, deletes stale files that carry the banner in the
 * generators' folders, or (check mode) writes nothing and lists every file that would change.
 */
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BANNER, type GeneratedFile, type Generator, type GeneratorContext } from './generator.js';

/** What a run did or (check mode) would do; paths relative to the root. */
export interface GenerationResult {
  /** Files written (or, in check mode, that differ or are missing). */
  readonly changed: readonly string[];
  /** Files deleted (or, in check mode, that would be deleted). */
  readonly deleted: readonly string[];
  /** Files already up to date. */
  readonly unchanged: readonly string[];
}

/** Runs `generators`; with `check: true` nothing is written. */
export async function runGenerators(generators: readonly Generator[], context: GeneratorContext, options: { check: boolean }): Promise<GenerationResult> {
  const changed: string[] = [];
  const unchanged: string[] = [];
  const deleted: string[] = [];
  const produced = new Set<string>();
  for (const generator of generators) {
    const files: readonly GeneratedFile[] = await generator.generate(context);
    for (const file of files) {
      if (produced.has(file.path)) throw new Error(`Two generators produce ${file.path}.`);
      produced.add(file.path);
      const absolute = path.join(context.root, file.path);
      const current = await readFile(absolute, 'utf8').catch(() => undefined);
      if (current === file.content) {
        unchanged.push(file.path);
        continue;
      }
      changed.push(file.path);
      if (!options.check) {
        await mkdir(path.dirname(absolute), { recursive: true });
        await writeFile(absolute, file.content, 'utf8');
      }
    }
    for (const dir of generator.ownedDirs) {
      for (const existing of await listFiles(path.join(context.root, dir))) {
        const relative = path.relative(context.root, existing).split(path.sep).join('/');
        if (produced.has(relative)) continue;
        const text = await readFile(existing, 'utf8').catch(() => '');
        if (!text.slice(0, 500).includes(BANNER)) continue; // hand-written files are never touched
        deleted.push(relative);
        if (!options.check) await rm(existing);
      }
    }
  }
  return { changed: changed.sort(), deleted: deleted.sort(), unchanged: unchanged.sort() };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}
