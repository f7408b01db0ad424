import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isCasebridgeError } from '../src/core/errors.js';
import { codeListPin, loadCodeListMap, parseCodeListMap } from '../src/mappings/codes/code-list-map.js';
import { checkCodeListPolicy, lookupCode, type CodeListPolicy } from '../src/mappings/codes/code-list-policy.js';
import { CodeCoverage, renderCodeCoverageMarkdown, suppressSmall } from '../src/mappings/codes/code-coverage.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'mappings');
const HEADER = 'source_code;source_label;target_code;status;approved_by;approved_at;note';

function expectCodeListError(fn: () => unknown, detail?: Record<string, unknown>): void {
  try {
    fn();
  } catch (error) {
    expect(isCasebridgeError(error, 'CB_CODE_LIST_INVALID')).toBe(true);
    if (detail !== undefined && isCasebridgeError(error)) expect(error.details).toMatchObject(detail);
    return;
  }
  throw new Error('expected a CB_CODE_LIST_INVALID error');
}

describe('loading code-list maps', () => {
  it('loads a semicolon file with BOM, normalises Swiss approval dates and pins a fingerprint', async () => {
    const map = await loadCodeListMap(path.join(fixtures, 'kiss-zivilstand.csv'), {
      id: 'kiss.zivilstand',
      version: '2026-03',
      targetCodeList: 'ech0011.maritalStatus',
    });
    expect([...map.entries.keys()]).toEqual(['L', 'V', 'W', 'S', 'G']);
    expect(map.entries.get('V')).toMatchObject({ targetCode: '2', status: 'approved', approvedAt: '2026-03-02', line: 3 });
    expect(map.entries.get('S')?.note).toBe('eCH 4, not BFS 5');
    expect(map.entries.get('G')?.targetCode).toBeUndefined();
    expect(map.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(codeListPin(map)).toBe(`kiss.zivilstand@2026-03#${map.fingerprint.slice(0, 12)}`);
  });

  it('accepts comma files with the skeleton frequency column', async () => {
    const map = await loadCodeListMap(path.join(fixtures, 'closing-reasons.csv'), { id: 'kiss.abschluss', version: '1' });
    expect(map.entries.size).toBe(2);
    expect(map.entries.get('AB01')?.status).toBe('proposed');
  });

  it('fingerprints content, not formatting', () => {
    const a = parseCodeListMap(`${HEADER}\nL;ledig;1;approved;X;2026-03-02;\n`, { id: 'm', version: '1' });
    const b = parseCodeListMap(`source_code,target_code,status,approved_by,approved_at,source_label\r\nL,1,approved,X,02.03.2026,ledig\r\n`, {
      id: 'm',
      version: '1',
    });
    const c = parseCodeListMap(`${HEADER}\nL;ledig;1;approved;Y;2026-03-02;\n`, { id: 'm', version: '1' });
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(c.fingerprint).not.toBe(a.fingerprint);
  });

  const broken: [string, string, Record<string, unknown>][] = [
    ['unknown column', 'source_code;target_code;status;aproved_by\nL;1;proposed;X\n', { column: 'aproved_by' }],
    ['missing column', 'source_code;target_code\nL;1\n', { column: 'status' }],
    ['duplicate source code', `${HEADER}\nL;;1;proposed;;;\nL;;2;proposed;;;\n`, { line: 3 }],
    ['bad status', `${HEADER}\nL;;1;ok;;;\n`, { line: 2 }],
    ['approved without approver', `${HEADER}\nL;;1;approved;;2026-01-01;\n`, { line: 2 }],
    ['approved without target', `${HEADER}\nL;;;approved;X;2026-01-01;\n`, { line: 2 }],
    ['bad approval date', `${HEADER}\nL;;1;approved;X;31.02.2026;\n`, { line: 2, column: 'approved_at' }],
    ['unknown target code', `${HEADER}\nL;;8;proposed;;;\n`, { line: 2, targetCodeList: 'ech0011.maritalStatus' }],
    ['empty source code', `${HEADER}\n;;1;proposed;;;\n`, { line: 2 }],
    ['ragged row (with its line)', `${HEADER}\nL;;1;proposed;;;\nL2;;1\n`, { line: 3 }],
    ['bad status after a blank line and a quoted line break', `${HEADER}\n\nL;"led\nig";1;proposed;;;\nV;;2;ok;;;\n`, { line: 5 }],
  ];
  it.each(broken)('rejects %s', (_label, text, detail) => {
    expectCodeListError(() => parseCodeListMap(text, { id: 'm', version: '1', targetCodeList: 'ech0011.maritalStatus' }), detail);
  });

  it('rejects an unknown target code list', () => {
    expectCodeListError(() => parseCodeListMap(`${HEADER}\n`, { id: 'm', version: '1', targetCodeList: 'no.such.list' }));
  });
});

describe('policies', () => {
  const map = parseCodeListMap(`${HEADER}\nL;ledig;1;approved;X;2026-03-02;\nW;verwitwet;3;proposed;;;\nG;getrennt;;proposed;;;\n`, {
    id: 'zs',
    version: '1',
    targetCodeList: 'ech0011.maritalStatus',
    ignoreCase: true,
  });
  const strict: CodeListPolicy = { unmapped: 'quarantine', unapproved: 'quarantine' };
  const lenient: CodeListPolicy = { unmapped: { default: '9' }, unapproved: 'accept-with-warning' };
  const cases: [string, CodeListPolicy, string, string | undefined, string | undefined, string | undefined][] = [
    ['L', strict, 'mapped', '1', undefined, undefined],
    [' l ', strict, 'mapped', '1', undefined, undefined],
    ['W', strict, 'unapproved', undefined, 'codes.unapproved', 'error'],
    ['W', lenient, 'unapproved', '3', 'codes.unapproved', 'warning'],
    ['G', strict, 'unmapped', undefined, 'codes.unmapped', 'error'],
    ['Q', strict, 'unmapped', undefined, 'codes.unmapped', 'error'],
    ['Q', lenient, 'defaulted', '9', 'codes.defaulted', 'info'],
    ['G', lenient, 'defaulted', '9', 'codes.defaulted', 'info'],
  ];
  it.each(cases)('%j under %j → %s', (code, policy, outcome, value, issueCode, severity) => {
    const r = lookupCode(map, code, policy);
    expect(r.outcome).toBe(outcome);
    expect(r.value).toBe(value);
    expect(r.issue?.code).toBe(issueCode);
    expect(r.issue?.severity).toBe(severity);
  });

  it('checks a declared default against the target code list', () => {
    expectCodeListError(() => checkCodeListPolicy(map, { unmapped: { default: '8' }, unapproved: 'quarantine' }));
    expect(() => checkCodeListPolicy(map, lenient)).not.toThrow();
  });
});

describe('coverage', () => {
  it('counts outcomes per code and suppresses small counts when rendered', () => {
    const coverage = new CodeCoverage();
    for (let i = 0; i < 12; i++) coverage.record('zs', 'zs@1#abc', 'L', 'mapped');
    for (let i = 0; i < 3; i++) coverage.record('zs', 'zs@1#abc', 'G', 'unmapped');
    for (let i = 0; i < 5; i++) coverage.record('zs', 'zs@1#abc', 'W', 'unapproved');
    coverage.record('zs', 'zs@1#abc', 'Q', 'defaulted');
    const [zs] = coverage.snapshot();
    expect(zs?.totals).toEqual({ mapped: 12, unmapped: 3, unapproved: 5, defaulted: 1, total: 21 });
    expect(zs?.codes.map((c) => c.sourceCode)).toEqual(['L', 'W', 'G', 'Q']);
    const md = renderCodeCoverageMarkdown(coverage.snapshot());
    expect(md).toContain('| `L` | 12 | 12 | 0 | 0 | 0 |');
    expect(md).toContain('| `G` | <5 | 0 | <5 | 0 | 0 |');
    expect(md).toContain('| `W` | 5 | 0 | 0 | 5 | 0 |');
    expect(md).not.toMatch(/\| 3 \|/);
    expect([suppressSmall(0), suppressSmall(1), suppressSmall(4), suppressSmall(5)]).toEqual(['0', '<5', '<5', '5']);
    coverage.reset();
    expect(coverage.snapshot()).toEqual([]);
  });
});
