/**
 * Every stable error code is documented (a description with class, meaning and remedy, from which
 * docs/errors.md is generated) and raised somewhere in the library: no dead codes, no undocumented ones.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODE_DESCRIPTIONS } from '../src/core/error-code-descriptions.js';
import * as errors from '../src/core/errors.js';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'generated' ? [] : sources(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

describe('ERROR_CODES', () => {
  const entries = Object.entries(errors.ERROR_CODES);

  it('are CB_-prefixed, unique, and named like their key', () => {
    for (const [key, code] of entries) expect(code).toBe(`CB_${key}`);
    expect(new Set(entries.map(([, c]) => c)).size).toBe(entries.length);
  });

  it('each has a description whose error class exists and whose texts are sentences', () => {
    expect(Object.keys(ERROR_CODE_DESCRIPTIONS).sort()).toEqual(entries.map(([, c]) => c).sort());
    for (const [code, d] of Object.entries(ERROR_CODE_DESCRIPTIONS)) {
      expect(typeof (errors as Record<string, unknown>)[d.errorClass], `${code}: ${d.errorClass}`).toBe('function');
      expect(d.meaning, code).toMatch(/^[A-Z].*\.$/);
      expect(d.remedy, code).toMatch(/^[A-Z].*\.$/);
    }
  });

  it('each is raised somewhere in the library (by key, by literal, or as an error class default)', () => {
    const library = sources(SRC)
      .filter((f) => !f.endsWith(`${path.sep}core${path.sep}error-code-descriptions.ts`))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n')
      // The ERROR_CODES literal itself names every code; only uses elsewhere count.
      .replace(/export const ERROR_CODES = \{[^}]*\}/, '');
    expect(library).not.toContain("CONFIGURATION_INVALID: 'CB_CONFIGURATION_INVALID'");
    const unused = entries.filter(([key, code]) => !library.includes(`ERROR_CODES.${key}`) && !library.includes(`'${code}'`));
    expect(unused).toEqual([]);
  });
});
