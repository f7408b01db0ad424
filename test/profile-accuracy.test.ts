/**
 * The source profile tells the truth: dates and amounts ordered by value (not as strings), impossible
 * dates counted and flagged, a null-share bar that grows with nulls, encoding and delimiter as found in
 * the files (also when profiling from a config), no synthetic `__record` column; and it is private by
 * default: text and date columns show no value unless declared non-personal, dates only their years.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { captureIo } from '../src/cli/cli-io.js';
import { runCli } from '../src/cli/main.js';
import { createFileConnector } from '../src/connectors/files/index.js';
import { profileSource } from '../src/core/profile/profile-source.js';
import { renderProfileHtml } from '../src/core/profile/render-profile-html.js';
import type { SourceProfile } from '../src/core/profile/source-profile.js';
import { readAmount, readDate } from '../src/core/profile/typed-value.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cb-profile-accuracy-'));
// ERSTELLT: Swiss dates whose string order differs from their date order; EROEFFNET holds an impossible
// 31.02.2019; BETRAG: Swiss amounts whose string order differs from their numeric order.
const DOSSIERS = [
  'DOSSIER_NR;ART;ERSTELLT;EROEFFNET;BETRAG;LEER',
  "1;WSH;15.01.2021;01.03.2018;1'234.50;",
  '2;WSH;28.12.2022;31.02.2019;99.00;',
  '3;KES;28.05.2024;15.06.2017;-12.50;',
  "4;WSH;03.07.2023;02.02.2016;10'000.00;",
  '5;WSH;01.01.2022;03.03.2015;5.05;',
].join('\r\n');
writeFileSync(path.join(dir, 'DOSSIERS.csv'), DOSSIERS, 'ascii');
writeFileSync(path.join(dir, 'PERSONEN.csv'), iconv.encode('PERS_NR;WOHNORT\r\n1;Zürich\r\n2;Biel\r\n', 'win1252'));
writeFileSync(path.join(dir, 'NOTIZEN.csv'), 'NR,THEMA\n1,Übergang\n2,Miete\n', 'utf8');

const tables = {
  DOSSIERS: { file: 'DOSSIERS.csv', format: 'csv' as const, delimiter: ';' },
  PERSONEN: { file: 'PERSONEN.csv', format: 'csv' as const, delimiter: ';', encoding: 'windows-1252' as const },
  NOTIZEN: { file: 'NOTIZEN.csv', format: 'csv' as const, delimiter: ',' },
};

async function profile(nonPersonalColumns?: string[]): Promise<SourceProfile> {
  const connector = createFileConnector({ name: 'accuracy', baseDir: dir, tables });
  return profileSource(connector, nonPersonalColumns === undefined ? {} : { nonPersonalColumns });
}

describe('an accurate source profile', () => {
  it('orders dates as dates and amounts as exact numbers, and counts impossible dates', async () => {
    const p = await profile(['DOSSIERS.ERSTELLT', 'DOSSIERS.EROEFFNET', 'DOSSIERS.BETRAG', 'DOSSIERS.ART']);
    const col = (n: string) => p.tables.find((t) => t.name === 'DOSSIERS')!.columns.find((c) => c.name === n)!;
    expect(col('ERSTELLT')).toMatchObject({ valueKind: 'date', min: '2021-01-15', max: '2024-05-28', invalidDates: 0 });
    expect(col('EROEFFNET')).toMatchObject({ valueKind: 'date', min: '2015-03-03', max: '2018-03-01', invalidDates: 1 });
    expect(col('BETRAG')).toMatchObject({ valueKind: 'number', min: '-12.50', max: "10'000.00" });
    const html = renderProfileHtml(p);
    expect(html).toContain('1 impossible dates');
    expect(html).not.toContain('31.02.2019');
  });

  it('reads Swiss dates and amounts exactly', () => {
    expect(readDate('31.02.2019')).toEqual({ kind: 'invalid-date' });
    expect(readDate('29.02.2024')).toEqual({ kind: 'date', iso: '2024-02-29', year: 2024 });
    expect(readDate('2019-13-01')).toEqual({ kind: 'invalid-date' });
    expect(readDate('WSH')).toBeNull();
    expect(readAmount("1'234.50")).toEqual({ units: 123450n, scale: 2 });
    expect(readAmount('12,5')).toEqual({ units: 125n, scale: 1 });
    expect(readAmount('1234.–')).toEqual({ units: 1234n, scale: 0 });
  });

  it('draws the null-share bar from the nulls: empty at 0 % null, full at 100 % null', async () => {
    const p = await profile();
    const html = renderProfileHtml(p);
    const row = (column: string): string => {
      const start = html.indexOf(`<b>${column}</b>`);
      return html.slice(start, html.indexOf('</tr>', start));
    };
    // The null segment (#5b6b82) is absent for a full column and fills the bar of an empty one.
    expect(row('DOSSIER_NR')).toContain('0.0 % null');
    expect(row('DOSSIER_NR')).not.toContain('#5b6b82');
    expect(row('LEER')).toContain('100.0 % null');
    expect(row('LEER')).toMatch(/<rect x="0.0" width="110.0" height="10" fill="#5b6b82">/);
  });

  it('has no synthetic __record column and no synthetic primary key', async () => {
    const p = await profile();
    for (const t of p.tables) {
      expect(t.columns.map((c) => c.name)).not.toContain('__record');
      expect(t.primaryKey).toEqual([]);
    }
  });

  it('is private by default: undeclared text shows no value, undeclared dates only their years, personal-looking stays hidden', async () => {
    const p = await profile(['PERSONEN.WOHNORT']);
    const col = (t: string, n: string) => p.tables.find((x) => x.name === t)!.columns.find((c) => c.name === n)!;
    expect(col('DOSSIERS', 'ART')).toMatchObject({ personal: ['undeclared'] });
    expect(col('DOSSIERS', 'ART').topValues).toBeUndefined();
    expect(col('DOSSIERS', 'ART').min).toBeUndefined();
    expect(col('DOSSIERS', 'ERSTELLT')).toMatchObject({ personal: ['undeclared'], yearRange: { min: 2021, max: 2024 } });
    expect(col('DOSSIERS', 'ERSTELLT').min).toBeUndefined();
    // Numbers are not text: amounts and keys keep their typed min/max.
    expect(col('DOSSIERS', 'BETRAG')).toMatchObject({ personal: null, min: '-12.50' });
    // Declared non-personal, yet named like an address: the heuristic wins.
    expect(col('PERSONEN', 'WOHNORT').personal).toContain('address');
    const html = renderProfileHtml(p);
    for (const value of ['WSH', 'KES', 'Zürich', 'Biel', 'Miete', '15.01.2021', '2021-01-15']) expect(html).not.toContain(value);
  });

  it('reports encoding and delimiter as found in the files when profiling from a config (ASCII is not UTF-8)', async () => {
    const config = path.join(dir, 'casebridge.config.json');
    writeFileSync(
      config,
      JSON.stringify({ source: { connector: 'files', baseDir: '.', tables }, mappings: 'flat-file', target: { kind: 'pglite', dir: 'store' } }),
    );
    const io = captureIo({ cwd: dir, env: {} });
    const code = await runCli(['profile', '-c', config, '-o', 'profile-out'], io);
    expect(code, io.err()).toBe(0);
    const written = JSON.parse(readFileSync(path.join(dir, 'profile-out', 'source-profile.json'), 'utf8')) as SourceProfile;
    const byName = Object.fromEntries(written.tables.map((t) => [t.name, t]));
    expect(byName['DOSSIERS']).toMatchObject({ encoding: 'ASCII', delimiter: ';' });
    expect(byName['PERSONEN']).toMatchObject({ encoding: 'Windows-1252', delimiter: ';' });
    expect(byName['NOTIZEN']).toMatchObject({ encoding: 'UTF-8', delimiter: ',' });
  });
});
