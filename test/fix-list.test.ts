/**
 * The fix list (`casebridge fixlist`): flagged records grouped by issue code with the code's sentence,
 * legacy keys only for a holder of the commune's key (checked against the run's references), and a CSV
 * that a spreadsheet opens safely (UTF-8 BOM, RFC 4180 quoting, no cell that runs as a formula). The
 * end-to-end case reads a real run's ledger (the demo's PGlite store) through the CLI.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { captureIo } from '../src/cli/cli-io.js';
import { runCli } from '../src/cli/main.js';
import { fixListRows, neutralizeFormula, renderFixListCsv } from '../src/cli/fix-list.js';
import { ConfigurationError } from '../src/core/errors.js';
import type { QuarantineEntry } from '../src/core/pipeline/canonical-target.js';
import { sourceRecordRef } from '../src/core/pipeline/identity.js';
import { PseudonymKey } from '../src/core/pseudonyms/pseudonym-key.js';
import type { RunReport } from '../src/core/report/run-report.js';
import { runDemo } from './helpers/demo-run.js';

const KEY = PseudonymKey.fromText('commune-key-for-the-fix-list-test-0123456789');
const SYSTEM = 'legacy-a';

function entry(mapping: string, sourceKey: string, codes: string[], paths: string[], key = KEY): QuarantineEntry {
  return {
    mapping,
    sourceTable: mapping.toUpperCase(),
    sourceKey,
    recordRef: sourceRecordRef(mapping, SYSTEM, mapping.toUpperCase(), sourceKey, key),
    issueCodes: codes,
    paths,
  };
}

const ENTITY: Record<string, string> = { persons: 'person', payments: 'booking' };
const entityOf = (m: string): string | undefined => ENTITY[m];

function rowsOf(csv: string, delimiter = ';'): string[][] {
  return parse(csv, { bom: true, delimiter, relax_column_count: false }) as string[][];
}

describe('fix list', () => {
  it('groups flagged records by issue code, errors first and largest groups first, each line once', () => {
    const rows = fixListRows({
      quarantine: [
        entry('persons', '100', ['transform.date_invalid', 'ahvn13.check_digit'], ['/dateOfBirth', '/vn']),
        entry('persons', '101', ['transform.date_invalid', 'transform.date_invalid'], ['/dateOfBirth', '/dateOfBirth']),
        entry('payments', '700', ['reference.missing'], ['/caseId']),
        entry('persons', '102', ['transform.date_invalid'], ['/validFrom']),
      ],
      caseFlags: [
        { caseRef: 'case-1', entity: 'case', recordRef: null, code: 'case.six_month_close_due', severity: 'warning' },
        { caseRef: 'case-2', entity: 'case', recordRef: null, code: 'case.six_month_close_due', severity: 'warning' },
        { caseRef: 'case-3', entity: 'case', recordRef: null, code: 'case.six_month_close_due', severity: 'warning' },
        { caseRef: 'case-3', entity: 'person', recordRef: 'person-9', code: 'case.applicant_missing', severity: 'error' },
      ],
      entityOf,
      sourceSystem: SYSTEM,
      key: null,
    });
    expect(rows.map((r) => [r.issueCode, r.groupRows])).toEqual([
      ['transform.date_invalid', 3],
      ['transform.date_invalid', 3],
      ['transform.date_invalid', 3],
      ['ahvn13.check_digit', 1],
      ['case.applicant_missing', 1],
      ['reference.missing', 1],
      ['case.six_month_close_due', 3],
      ['case.six_month_close_due', 3],
      ['case.six_month_close_due', 3],
    ]);
    const payment = rows.find((r) => r.issueCode === 'reference.missing')!;
    expect(payment).toMatchObject({
      kind: 'quarantine',
      severity: 'error',
      mapping: 'payments',
      entity: 'booking',
      sourceTable: 'PAYMENTS',
      field: '/caseId',
      legacyKey: null,
    });
    expect(rows.find((r) => r.issueCode === 'case.applicant_missing')).toMatchObject({
      kind: 'case_check',
      recordRef: 'person-9',
      field: 'case-3',
      entity: 'person',
    });
    const csv = renderFixListCsv(rows, { lang: 'de' });
    const table = rowsOf(csv);
    expect(table[0]).toEqual([
      'Problemcode',
      'Problem',
      'Schweregrad',
      'Art',
      'Zeilen mit diesem Problem',
      'Verweis',
      'Altschlüssel',
      'Abbildung',
      'Entität',
      'Quelltabelle',
      'Feld',
    ]);
    expect(table[1]!.slice(0, 5)).toEqual([
      'transform.date_invalid',
      'Ein Quelldatum ist kein gültiges Kalenderdatum.',
      'Fehler',
      'in Quarantäne (nicht geladen)',
      '3',
    ]);
    expect(table.at(-1)!.slice(1, 4)).toEqual([
      'Der Fall ist offen, aber seine letzte ordentliche Zahlung ist mehr als sechs Monate alt.',
      'Warnung',
      'Fallprüfung (geladen, zu prüfen)',
    ]);
    expect(rowsOf(renderFixListCsv(rows, { lang: 'fr' }))[1]![1]).toBe('Une date source n’est pas une date valide du calendrier.');
  });

  it('shows the legacy key only to a holder of the key that made the references, and refuses a foreign key', () => {
    const quarantine = [entry('persons', '100', ['transform.date_invalid'], ['/dateOfBirth']), entry('payments', '700', ['reference.missing'], ['/caseId'])];
    const withKey = fixListRows({ quarantine, entityOf, sourceSystem: SYSTEM, key: KEY });
    expect(withKey.map((r) => r.legacyKey).sort()).toEqual(['100', '700']);
    const withoutKey = fixListRows({ quarantine, entityOf, sourceSystem: SYSTEM, key: null });
    expect(withoutKey.map((r) => r.legacyKey)).toEqual([null, null]);
    const csv = rowsOf(renderFixListCsv(withoutKey, { lang: 'en' }));
    expect(csv[0]![6]).toBe('legacy_key');
    expect(csv.slice(1).map((r) => r[6])).toEqual(['', '']);
    expect(csv.slice(1).map((r) => r[5])).toEqual(withoutKey.map((r) => r.recordRef));
    const foreign = PseudonymKey.fromText('another-commune-key-0123456789-abcdefghij');
    expect(() => fixListRows({ quarantine, entityOf, sourceSystem: SYSTEM, key: foreign })).toThrow(ConfigurationError);
  });

  it('writes a CSV a spreadsheet opens safely: BOM, quoting, CRLF and no formula', () => {
    expect(['=1+1', '+41', '-2', '@SUM(A1)', '\tx', '\rx', 'ok', ''].map(neutralizeFormula)).toEqual([
      "'=1+1",
      "'+41",
      "'-2",
      "'@SUM(A1)",
      "'\tx",
      "'\rx",
      'ok',
      '',
    ]);
    const hostile = ['=HYPERLINK("http://x.invalid","click")', '+41 31 000', '-1', '@cmd', '\t=1', '\r=1', 'a;b"c'];
    const quarantine = hostile.map((k, i) => entry('persons', k, ['transform.date_invalid'], [i === 6 ? '/a;b"c\nd' : `/f${i}`]));
    const rows = fixListRows({ quarantine, entityOf, sourceSystem: SYSTEM, key: KEY });
    for (const delimiter of [';', ','] as const) {
      const csv = renderFixListCsv(rows, { lang: 'en', delimiter });
      expect(csv.charCodeAt(0)).toBe(0xfeff);
      expect(csv).toContain('\r\n');
      const table = rowsOf(csv, delimiter);
      expect(table).toHaveLength(1 + hostile.length);
      const keys = table.slice(1).map((r) => r[6]!);
      expect(keys.sort()).toEqual(hostile.map((k) => (/^[=+\-@\t\r]/.test(k) ? `'${k}` : k)).sort());
      // No cell of any line starts with a formula character.
      for (const line of table) for (const cell of line) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      expect(table.slice(1).map((r) => r[10])).toContain('/a;b"c\nd');
    }
  });

  it("resolves a real run's legacy keys from the ledger with the key file, and leaves them empty without", async () => {
    const demo = await runDemo();
    expect(demo.exitCode).toBe(0);
    const report = JSON.parse(readFileSync(path.join(demo.dir, 'reports', 'run-report.json'), 'utf8')) as RunReport;
    const config = path.join(demo.dir, 'casebridge.config.json');

    const io = captureIo({ cwd: demo.dir });
    expect(await runCli(['fixlist', '--run', report.runId, '-c', config, '--lang', 'de', '-o', 'fixlist.csv'], io)).toBe(0);
    const withKey = rowsOf(readFileSync(path.join(demo.dir, 'fixlist.csv'), 'utf8'));
    const quarantined = withKey.slice(1).filter((r) => r[3] === 'in Quarantäne (nicht geladen)');
    expect(new Set(quarantined.map((r) => r[0]))).toEqual(new Set(Object.keys(report.quarantine.byCode)));
    expect(quarantined.every((r) => r[6] !== '')).toBe(true);
    // The case-check findings come from the run report, one line per flag.
    expect(withKey.slice(1).filter((r) => r[3] === 'Fallprüfung (geladen, zu prüfen)')).toHaveLength(report.caseChecks!.flags.length);

    // The same run without the commune's key: references only.
    const noKey = JSON.parse(readFileSync(config, 'utf8')) as Record<string, unknown>;
    delete noKey['pseudonyms'];
    writeFileSync(path.join(demo.dir, 'nokey.config.json'), JSON.stringify(noKey));
    const io2 = captureIo({ cwd: demo.dir });
    expect(await runCli(['fixlist', '--run', report.runId, '-c', 'nokey.config.json'], io2)).toBe(0);
    const withoutKey = rowsOf(io2.out());
    expect(withoutKey[0]![6]).toBe('legacy_key');
    expect(withoutKey.slice(1).every((r) => r[6] === '')).toBe(true);
    expect(
      withoutKey
        .slice(1)
        .map((r) => r[5])
        .sort(),
    ).toEqual(
      withKey
        .slice(1)
        .map((r) => r[5])
        .sort(),
    );
    expect(io2.err()).toContain('legacy keys stay empty');

    // A key file named but missing is an error, not an empty column.
    const io3 = captureIo({ cwd: demo.dir });
    expect(await runCli(['fixlist', '--run', report.runId, '-c', 'nokey.config.json', '--key-file', 'missing.key'], io3)).not.toBe(0);
    expect(io3.err()).toContain('key file does not exist');
  }, 240_000);
});
