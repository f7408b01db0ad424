/**
 * The exit codes are one table: the "Exit codes" table of docs/cli.md equals `EXIT_CODE_TABLE`, every
 * error code maps to a documented exit code, and a run ended by an error exits with that error's
 * specific code (source data 65, connection 69, lock 75, configuration 78).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, CasebridgeError } from '../src/core/errors.js';
import { EXIT_CODES, EXIT_CODE_BY_ERROR, EXIT_CODE_TABLE, exitCodeForError, exitCodeForFailedRun } from '../src/cli/exit-codes.js';

function documentedExitCodes(): { code: number; meaning: string }[] {
  const doc = readFileSync(new URL('../docs/cli.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.indexOf('## Exit codes'));
  const rows: { code: number; meaning: string }[] = [];
  for (const line of section.split('\n')) {
    const m = /^\| (\d+) \| (.*) \|$/.exec(line);
    if (m !== null) rows.push({ code: Number(m[1]), meaning: m[2]! });
  }
  return rows;
}

describe('exit codes', () => {
  it('docs/cli.md lists exactly the table in the code, in order', () => {
    expect(documentedExitCodes()).toEqual(EXIT_CODE_TABLE.map((r) => ({ code: r.code, meaning: r.meaning })));
    expect(EXIT_CODE_TABLE.map((r) => r.code).sort((a, b) => a - b)).toEqual(Object.values(EXIT_CODES).sort((a, b) => a - b));
  });

  it('maps every error code to a documented exit code, with the sysexits the issue fixed', () => {
    const documented = new Set(EXIT_CODE_TABLE.map((r) => r.code));
    for (const code of Object.values(ERROR_CODES)) expect(documented.has(EXIT_CODE_BY_ERROR[code]), code).toBe(true);
    expect(exitCodeForError(new CasebridgeError(ERROR_CODES.SOURCE_FORMAT_INVALID, 'x'))).toBe(65);
    expect(exitCodeForError(new CasebridgeError(ERROR_CODES.CONNECTION_FAILED, 'x'))).toBe(69);
    expect(exitCodeForError(new CasebridgeError(ERROR_CODES.INTERNAL, 'x'))).toBe(70);
    expect(exitCodeForError(new CasebridgeError(ERROR_CODES.RUN_LOCKED, 'x'))).toBe(75);
    expect(exitCodeForError(new CasebridgeError(ERROR_CODES.CONFIGURATION_INVALID, 'x'))).toBe(78);
    expect(exitCodeForError(new TypeError('x'))).toBe(70);
  });

  it("a failed run ended by an error exits with the error's specific code", () => {
    expect(exitCodeForFailedRun(2, ['CB_CONNECTION_FAILED'])).toBe(69);
    expect(exitCodeForFailedRun(2, ['CB_SOURCE_FORMAT_INVALID'])).toBe(65);
    expect(exitCodeForFailedRun(2, ['CB_RUN_LOCKED'])).toBe(75);
    expect(exitCodeForFailedRun(2, ['CB_DATA_EXCEPTION'])).toBe(2);
    expect(exitCodeForFailedRun(2, [])).toBe(2);
    // An unbalanced or cancelled run keeps its own code whatever error came with it.
    expect(exitCodeForFailedRun(3, ['CB_CONNECTION_FAILED'])).toBe(3);
    expect(exitCodeForFailedRun(130, ['CB_CONNECTION_FAILED'])).toBe(130);
  });
});
