/**
 * Defect 7 of issue 14: personal values leaked through code columns. A name and an AHV number typed
 * into a code column appeared verbatim in the code-list coverage of the JSON, HTML and Markdown
 * reports. Now only codes the code-list map knows are shown; any other value appears by keyed
 * pseudonym and length class.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../src/cli/cli-io.js';
import { runCli } from '../src/cli/main.js';
import { flatFileConnectorConfig, writeSampleCommune } from '../src/profiles/flat-file/index.js';
import type { RunReport } from '../src/core/report/run-report.js';
import { lengthClass, protectCodeListCoverage, unknownCodeLabel } from '../src/core/report/protect-code-coverage.js';
import { TEST_PSEUDONYM_KEY } from './helpers/pseudonym-key.js';

const root = mkdtempSync(path.join(tmpdir(), 'cb-code-values-'));
const NAME = 'Anna Muster';
const AHV = '756.1234.5678.97';

describe('reports never show unknown values of code columns', () => {
  let report: RunReport;
  let files: Record<'json' | 'html' | 'md', string>;

  beforeAll(async () => {
    await writeSampleCommune(path.join(root, 'source'));
    // The clerk typed a name and an AHV number into the marital-status code column (file is Windows-1252).
    const file = path.join(root, 'source', 'PERSONEN.csv');
    const lines = readFileSync(file, 'latin1').split(/\r?\n/);
    const column = lines[0]!.split(';').indexOf('ZIVILSTAND');
    for (const [line, value] of [
      [1, NAME],
      [2, AHV],
    ] as const) {
      const cells = lines[line]!.split(';');
      cells[column] = value;
      lines[line] = cells.join(';');
    }
    writeFileSync(file, lines.join('\r\n'), 'latin1');
    const config = {
      name: 'code-values',
      tenant: { commune: 351, sourceSystem: 'flat-file-export' },
      source: { connector: 'files', name: 'flat-file-export', baseDir: 'source', tables: flatFileConnectorConfig('source').tables },
      mappings: 'flat-file',
      target: { kind: 'pglite', dir: 'store' },
      reports: { dir: 'reports' },
      documents: false,
    };
    writeFileSync(path.join(root, 'casebridge.config.json'), JSON.stringify(config));
    await runCli(['dry-run'], captureIo({ cwd: root, env: {} }));
    const read = (name: string): string => readFileSync(path.join(root, 'reports', name), 'utf8');
    files = { json: read('run-report.json'), html: read('run-report.html'), md: read('run-report.md') };
    report = JSON.parse(files.json) as RunReport;
  }, 240_000);

  it('JSON, HTML and Markdown hold neither the name nor the AHV number', () => {
    for (const text of Object.values(files)) {
      expect(text).not.toContain(NAME);
      expect(text).not.toContain('Muster');
      expect(text).not.toContain(AHV);
      expect(text).not.toContain('756.1234');
    }
  });

  it('shows the unknown values by pseudonym and length class, known codes as they are', () => {
    const marital = report.codeListCoverage?.find((c) => c.codeList === 'commune-export.zivilstand');
    expect(marital).toBeDefined();
    const unknown = marital!.codes.filter((r) => r.known === false);
    // The name (11 characters) and the AHV number (16), besides the sample's own planted unknown code.
    expect(unknown.filter((r) => r.lengthClass === '9-16')).toHaveLength(2);
    for (const r of unknown) expect(r.sourceCode).toMatch(/^unknown #[0-9a-f]{10} \((1-3|4-8|9-16|17\+) chars\)$/);
    expect(marital!.codes.filter((r) => r.known === true).map((r) => r.sourceCode)).toContain('V');
    for (const text of [files.html, files.md]) expect(text).toMatch(/unknown #[0-9a-f]{10}/);
  });

  it('keys the pseudonym: the same value gives the same label under one key, another under another', () => {
    const coverage = [
      {
        codeList: 'x',
        pin: 'x@1#f',
        totals: { mapped: 1, unmapped: 1, unapproved: 0, defaulted: 0, total: 2 },
        codes: [
          { sourceCode: 'V', mapped: 1, unmapped: 0, unapproved: 0, defaulted: 0, total: 1 },
          { sourceCode: NAME, mapped: 0, unmapped: 1, unapproved: 0, defaulted: 0, total: 1 },
        ],
      },
    ];
    const protectedList = protectCodeListCoverage(coverage, TEST_PSEUDONYM_KEY);
    expect(protectedList[0]!.codes.map((r) => r.sourceCode)).toEqual(['V', unknownCodeLabel('x', NAME, TEST_PSEUDONYM_KEY)].sort());
    expect(JSON.stringify(protectedList)).not.toContain('Muster');
    expect(lengthClass('ab')).toBe('1-3');
    expect(lengthClass('abcdefgh')).toBe('4-8');
  });
});
