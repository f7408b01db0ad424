/**
 * Merging code-list coverage for the run report: several mappings using the same map are summed code by
 * code, codes ordered by frequency then code, lists by id, different pins of one list both shown.
 */
import { describe, expect, it } from 'vitest';
import { hasCodeCoverage, mergeCodeListCoverage, type CodeListCoverage } from '../src/core/report/code-list-coverage.js';
import { CodeCoverage } from '../src/mappings/codes/code-coverage.js';

function counted(entries: readonly [string, string, string, 'mapped' | 'unmapped' | 'unapproved' | 'defaulted', number][]): readonly CodeListCoverage[] {
  const c = new CodeCoverage();
  for (const [list, pin, code, outcome, n] of entries) for (let i = 0; i < n; i++) c.record(list, pin, code, outcome);
  return c.snapshot();
}

describe('mergeCodeListCoverage', () => {
  it('sums the same list over mappings code by code and orders codes by frequency, then code', () => {
    const persons = counted([
      ['kiss.zivilstand', 'kiss.zivilstand@2#aa', '1', 'mapped', 7],
      ['kiss.zivilstand', 'kiss.zivilstand@2#aa', '9', 'unmapped', 2],
      ['ech0011.sex', 'ech0011.sex@1#bb', 'M', 'mapped', 3],
    ]);
    const partners = counted([
      ['kiss.zivilstand', 'kiss.zivilstand@2#aa', '9', 'unmapped', 6],
      ['kiss.zivilstand', 'kiss.zivilstand@2#aa', '4', 'unapproved', 1],
      ['kiss.zivilstand', 'kiss.zivilstand@2#aa', '0', 'defaulted', 1],
    ]);
    const merged = mergeCodeListCoverage([...persons, ...partners]);
    expect(merged.map((m) => m.codeList)).toEqual(['ech0011.sex', 'kiss.zivilstand']);
    expect(merged[1]).toEqual({
      codeList: 'kiss.zivilstand',
      pin: 'kiss.zivilstand@2#aa',
      totals: { mapped: 7, unmapped: 8, unapproved: 1, defaulted: 1, total: 17 },
      codes: [
        { sourceCode: '9', mapped: 0, unmapped: 8, unapproved: 0, defaulted: 0, total: 8 },
        { sourceCode: '1', mapped: 7, unmapped: 0, unapproved: 0, defaulted: 0, total: 7 },
        { sourceCode: '0', mapped: 0, unmapped: 0, unapproved: 0, defaulted: 1, total: 1 },
        { sourceCode: '4', mapped: 0, unmapped: 0, unapproved: 1, defaulted: 0, total: 1 },
      ],
    });
  });

  it('shows both pins when two mappings used different versions of one list', () => {
    const merged = mergeCodeListCoverage([
      ...counted([['kiss.zivilstand', 'kiss.zivilstand@3#cc', '1', 'mapped', 1]]),
      ...counted([['kiss.zivilstand', 'kiss.zivilstand@2#aa', '1', 'mapped', 2]]),
    ]);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.pin).toBe('kiss.zivilstand@2#aa,kiss.zivilstand@3#cc');
    expect(merged[0]!.totals.total).toBe(3);
  });

  it('is empty for no coverage, and recognises mappings that count', () => {
    expect(mergeCodeListCoverage([])).toEqual([]);
    expect(hasCodeCoverage({ coverage: () => [], resetCoverage: () => undefined })).toBe(true);
    expect(hasCodeCoverage({ coverage: () => [] })).toBe(false);
    expect(hasCodeCoverage(null)).toBe(false);
  });
});
