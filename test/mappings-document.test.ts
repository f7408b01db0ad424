import { describe, expect, it } from 'vitest';
import { parseCodeListMap } from '../src/mappings/codes/code-list-map.js';
import { computed, constant, copy, defineMapping, id, lookup, reference, rename, transform } from '../src/mappings/dsl/index.js';
import { escapeHtml, renderMappingDocument } from '../src/mappings/document/render-mapping-document.js';
import { ok, t } from '../src/mappings/transforms/index.js';

const zivilstand = parseCodeListMap(
  'source_code;source_label;target_code;status;approved_by;approved_at;note\nL;ledig;1;approved;Fachstelle SD;2026-03-02;\nG;getrennt;;proposed;;;"<b>decide</b> | later"\n',
  { id: 'kiss.zivilstand', version: '2026-03', targetCodeList: 'ech0011.maritalStatus' },
);

const person = defineMapping({
  name: 'kiss-person',
  version: '1.0.0',
  description: 'KiSS persons <script>alert(1)</script>',
  source: { table: 'BaPerson', keyColumns: ['BaPersonID'] },
  yields: [
    {
      entity: 'person',
      fields: {
        id: id('BaPersonID'),
        officialName: rename('Name'),
        firstName: copy(),
        dateOfBirth: transform('Geburtsdatum', t.partialDate({ pivotYear: 1920 })),
        maritalStatus: lookup('ZivilstandCode', zivilstand, { unmapped: { default: '9' } }),
        nationalityStatus: constant('2'),
      },
    },
    {
      entity: 'address',
      when: { description: 'street present', columns: ['Strasse'], test: (r) => r['Strasse'] !== null },
      fields: {
        id: id('BaPersonID', { qualifier: 'domicile' }),
        personId: reference('person', 'BaPersonID'),
        addressType: constant('CIVIL_DOMICILE'),
        street: rename('Strasse'),
      },
    },
  ],
  filters: [{ name: 'test-persons', description: 'KiSS test persons are not migrated', columns: ['Testfall'], test: (r) => r['Testfall'] === 1 }],
});

const booking = defineMapping({
  name: 'kiss-booking',
  version: '3',
  source: { table: 'KbBuchung', keyColumns: ['BuchungID'] },
  dependsOn: ['kiss-person'],
  controlTotals: [
    {
      source: { table: 'KbBuchung', yearColumn: 'Datum', sumColumns: ['Betrag'] },
      entity: 'booking',
      yearField: 'bookingDate',
      sums: { Betrag: 'amountRappen' },
    },
  ],
  yields: [
    {
      entity: 'booking',
      fields: {
        id: id('BuchungID'),
        personId: reference('person', 'PersonID', { optional: true }),
        bookingDate: transform('Datum', t.swissDate()),
        amountRappen: transform('Betrag', t.moneyRappen({ rounding: 'half-up' })),
        bookingType: computed({ columns: ['Art', 'Storno'], description: 'storno flag wins over the booking kind' }, () => ok('ORDINARY_PAYMENT')),
      },
    },
  ],
});

describe('renderMappingDocument', () => {
  const md = renderMappingDocument([person, booking], { format: 'markdown' });
  const html = renderMappingDocument([person, booking], { format: 'html', title: 'KiSS → casebridge' });

  it('lists every rule of every yield with source column, transform and parameters (Markdown)', () => {
    const expectedRows = [
      '| BaPersonID | id | Canonical id of the record (deterministic UUIDv5 in migrations). | id | UUIDv5(source system, person, BaPersonID) |  |',
      '| Name | officialName |',
      '| firstName | firstName |',
      '| Geburtsdatum | dateOfBirth |',
      'partialDate(pivotYear=1920)',
      `| ZivilstandCode | maritalStatus |`,
      `kiss.zivilstand@2026-03#${zivilstand.fingerprint.slice(0, 12)} (unmapped: default 9; unapproved: quarantine)`,
      '= "2"',
      'id of person from (BaPersonID)',
      'UUIDv5(source system, address, BaPersonID, "domicile")',
      'Only when: street present (reads Strasse).',
      '| test-persons | KiSS test persons are not migrated | Testfall |',
      'moneyRappen(rounding=half-up)',
      'swissDate()',
      '| Art, Storno | bookingType |',
      'storno flag wins over the booking kind',
      'reference (optional)',
      '| KbBuchung | booking | Datum → bookingDate | Betrag → amountRappen | chf |',
      '- Depends on: kiss-person',
      '### kiss.zivilstand version 2026-03',
      `- Fingerprint (SHA-256): ${zivilstand.fingerprint}`,
      '| L | ledig | 1 | approved | Fachstelle SD | 2026-03-02 |  |',
    ];
    for (const row of expectedRows) expect(md).toContain(row);
    for (const m of [person, booking]) {
      for (const y of m.yields) for (const f of y.fields) expect(md).toContain(`| ${f.field} |`);
      expect(md).toContain(`## Mapping ${m.name} (${m.version})`);
    }
  });

  it('escapes markup in Markdown cells', () => {
    expect(md).toContain('\\<b\\>decide\\</b\\> \\| later');
    expect(md).toContain('KiSS persons \\<script\\>alert(1)\\</script\\>');
  });

  it('produces a self-contained, escaped HTML page with the same content', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<title>KiSS → casebridge</title>');
    expect(html).not.toContain('<script>');
    expect(html).not.toMatch(/<link|src=|href=/);
    expect(html).toContain('KiSS persons &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;decide&lt;/b&gt; | later');
    expect(html).toContain('<td>partialDate(pivotYear=1920)</td>');
    expect(html).toContain('<td>UUIDv5(source system, address, BaPersonID, &quot;domicile&quot;)</td>');
    const fieldCount = [person, booking].flatMap((m) => m.yields.flatMap((y) => y.fields)).length;
    const ruleRows = html
      .split('<tr>')
      .filter((r) =>
        /<td>(id|copy|rename|constant|lookup|reference|reference \(optional\)|transform \(on failure: (error|warning)\)|computed \(on failure: (error|warning)\))<\/td>/.test(
          r,
        ),
      );
    expect(ruleRows).toHaveLength(fieldCount);
  });

  it('is deterministic', () => {
    expect(renderMappingDocument([person, booking], { format: 'markdown' })).toBe(md);
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
