/**
 * Source profiling over a real file source: figures per column, bounded distinct tracking, small
 * counts hidden, and personal columns (by name and by value pattern) reported without any value.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileConnector } from '../src/connectors/files/index.js';
import { profileSource } from '../src/core/profile/profile-source.js';
import { renderProfileHtml } from '../src/core/profile/render-profile-html.js';
import { personalByName } from '../src/core/profile/personal-data-heuristics.js';

function source(rows: number): { dir: string; lines: string[][] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'cb-profile-'));
  const lines: string[][] = [];
  for (let i = 1; i <= rows; i++) {
    // kind: A ×(rows-3), B ×2, C ×1; opened mixes two date formats; sv: AHV-like values in an innocent column name.
    const kind = i <= rows - 3 ? 'A' : i <= rows - 1 ? 'B' : 'C';
    const opened = i % 2 === 0 ? `0${1 + (i % 9)}.0${1 + (i % 9)}.2020` : `2021-0${1 + (i % 9)}-1${i % 10}`;
    lines.push([String(i), kind, opened, i % 4 === 0 ? '' : `756.${String(i).padStart(4, '0')}.0000.18`, `Name${i}`, String(i * 3)]);
  }
  writeFileSync(path.join(dir, 't.csv'), ['id;kind;opened;ref;nachname;amount', ...lines.map((l) => l.join(';'))].join('\n'));
  return { dir, lines };
}

describe('profileSource', () => {
  it('profiles every column with exact figures and hides personal ones', async () => {
    const { dir } = source(40);
    const connector = createFileConnector({
      name: 'test',
      baseDir: dir,
      tables: { t: { file: 't.csv', format: 'csv', delimiter: ';', columns: { amount: 'integer' } } },
    });
    const profile = await profileSource(connector, { distinctCap: 25, nonPersonalColumns: ['t.kind', 'T.OPENED', 't.ref'] });
    const t = profile.tables[0]!;
    expect(t.rowCount).toBe(40);
    expect(t.rowsScanned).toBe(40);
    const col = (n: string) => t.columns.find((c) => c.name === n)!;
    expect(col('kind').distinct).toEqual({ count: 3, atLeast: false });
    expect(col('kind').topValues).toEqual([{ value: 'A', count: 37 }]);
    expect(col('kind').suppressedValues).toBe(2);
    expect(col('opened').dateFormats).toEqual({ 'YYYY-MM-DD': 20, 'DD.MM.YYYY': 20 });
    expect(col('amount').min).toBe('3');
    expect(col('amount').max).toBe('120');
    expect(col('id').distinct).toEqual({ count: 25, atLeast: true });
    // Declared non-personal, but its values look like AHV numbers: the heuristic only adds protection.
    expect(col('ref').personal).toEqual(['ahv-number']);
    expect(col('ref').nulls + col('ref').empty).toBe(10);
    expect(col('ref').topValues).toBeUndefined();
    expect(col('nachname').personal).toContain('name');
    const html = renderProfileHtml(profile);
    expect(html).not.toContain('756.0001');
    expect(html).not.toContain('Name1<');
    expect(html).toContain('personal: values hidden');
  });

  it('recognises personal column names in German, French and English', () => {
    for (const n of ['VORNAME', 'NAME', 'GEBDAT', 'AHV_NR', 'STRASSE', 'BEMERKUNG', 'first_name', 'date_naissance', 'iban', 'email'])
      expect(personalByName(n).length, n).toBeGreaterThan(0);
    for (const n of ['DOSSIER_NR', 'ART', 'BETRAG', 'PLZ', 'GEMEINDE_BFS', 'BUCHUNGSDATUM']) expect(personalByName(n), n).toEqual([]);
  });
});
