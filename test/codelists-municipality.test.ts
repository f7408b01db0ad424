import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMunicipalityList, formatMunicipalityList, readDbf, toYearRanges } from '../scripts/build-municipalities.js';
import { codeListsDir } from '../src/core/model/schema-location.js';
import { getMunicipalityList, isKnownMunicipality, municipalityInfo } from '../src/validators/municipality.js';
import { checkMunicipality } from '../src/validators/municipality-rule.js';

const swissMapsDir = path.dirname(createRequire(import.meta.url).resolve('swiss-maps/package.json'));

describe('BFS municipality list', () => {
  it('is fresh: rebuilding from swiss-maps gives the committed file byte for byte', () => {
    const rebuilt = formatMunicipalityList(buildMunicipalityList(swissMapsDir));
    expect(rebuilt).toBe(readFileSync(path.join(codeListsDir(), 'bfs.municipality.json'), 'utf8'));
  });

  it('reads the dBase attribute table of a release', () => {
    const rows = readDbf(readFileSync(path.join(swissMapsDir, '2024', 'municipalities.dbf')));
    expect(rows.length).toBeGreaterThan(2000);
    expect(rows.find((r) => r['id'] === '351')).toEqual({ id: '351', name: 'Bern', KTNR: '2' });
  });

  it('turns years into ranges', () => {
    expect(toYearRanges([2010, 2011, 2012, 2015, 2017, 2018])).toEqual([
      [2010, 2012],
      [2015, 2015],
      [2017, 2018],
    ]);
    expect(toYearRanges([])).toEqual([]);
  });

  it('covers 2010–2026 with names, cantons and validity', () => {
    const list = getMunicipalityList();
    expect(list.years[0]).toBe(2010);
    expect(list.years[list.years.length - 1]).toBe(2026);
    expect(list.generatedFrom).toMatch(/^swiss-maps@\d+\.\d+\.\d+$/);
    expect(municipalityInfo(351)).toMatchObject({ name: 'Bern', canton: 'BE', years: [[2010, 2026]] });
    expect(municipalityInfo(261)).toMatchObject({ name: 'Zürich', canton: 'ZH' });
    expect(municipalityInfo(5391)).toMatchObject({ canton: 'TI', territory: true });
    expect(municipalityInfo(9999)).toBeUndefined();
  });

  it.each([
    [351, undefined, true],
    [351, 2024, true],
    [351, 1990, true], // before the list: judged by its first year
    [308, 2012, true], // Niederried bei Kallnach, merged into Kallnach 2013
    [308, 2013, false],
    [449, 2013, false], // Sauge, created 2014
    [449, 2014, true],
    [9999, undefined, false],
    [0, undefined, false],
  ])('isKnownMunicipality(%s, %s) = %s', (bfsNumber, year, expected) => {
    expect(isKnownMunicipality(bfsNumber, year)).toBe(expected);
  });

  it.each([
    [351, 2024, [], []],
    [308, 2012, [], []],
    [308, 2020, ['bfs.municipality_not_valid_in_year'], ['warning']],
    [9999, 2020, ['bfs.municipality_unknown'], ['error']],
    [9999, undefined, ['bfs.municipality_unknown'], ['error']],
    [9999, 2005, ['bfs.municipality_unknown'], ['warning']],
  ])('checkMunicipality(%s, year %s) gives %j', (bfsNumber, year, codes, severities) => {
    const issues = checkMunicipality(bfsNumber, '/municipalityBfsNumber', year, { entity: 'case' });
    expect(issues.map((i) => i.code)).toEqual(codes);
    expect(issues.map((i) => i.severity)).toEqual(severities);
  });
});
