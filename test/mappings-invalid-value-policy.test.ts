/**
 * Per-field policy for values a rule cannot use: quarantine (default), null with a warning, or a default
 * with a warning; and `keep(value).warn(code)` for computed rules. A MariaDB zero birth date (delivered
 * as an InvalidSourceValue) loads the person with an unknown birth date and a warning instead of
 * quarantining it, even on a rule that only says `severity: 'warning'`.
 */
import { describe, expect, it } from 'vitest';
import { InvalidSourceValue, type SourceRow } from '../src/core/connector/source-value.js';
import { canonicalId } from '../src/core/pipeline/identity.js';
import type { MapContext } from '../src/core/pipeline/source-mapping.js';
import { parseCodeListMap } from '../src/mappings/codes/code-list-map.js';
import { computed, copy, defineMapping, id, lookup, rename, transform, type MappingDefinition } from '../src/mappings/dsl/index.js';
import { fail, keep, ok, t } from '../src/mappings/transforms/index.js';
import { renderMappingDocument } from '../src/mappings/document/render-mapping-document.js';

const zivilstand = parseCodeListMap('source_code;target_code;status;approved_by;approved_at\nL;1;approved;Fachstelle;2026-03-02\n', {
  id: 'kiss.zivilstand',
  version: '1',
  targetCodeList: 'ech0011.maritalStatus',
});

const ctx: MapContext = { sourceSystem: 'kiss', recordRef: 'kiss-person:00', id: (entity, ...key) => canonicalId('kiss', entity, ...key) };

function person(fields: Partial<Extract<MappingDefinition['yields'][number], { entity: 'person' }>['fields']>) {
  return defineMapping({
    name: 'kiss-person',
    version: '1',
    source: { table: 'BaPerson', keyColumns: ['ID'] },
    yields: [{ entity: 'person', fields: { id: id('ID'), officialName: rename('NAME'), firstName: rename('NAME'), ...fields } }],
  });
}

const zeroDate: SourceRow = { ID: 1, NAME: 'Muster', GEBDAT: new InvalidSourceValue('zero-date', '0000-00-00'), ZS: 'Q', AHV: '123.45.678.901' };

describe('invalid-value policy per field', () => {
  it('quarantines by default: a zero date is source.invalid_value, an error', () => {
    const { issues } = person({ dateOfBirth: rename('GEBDAT') }).map(zeroDate, ctx);
    expect(issues).toEqual([expect.objectContaining({ code: 'source.invalid_value', severity: 'error', path: '/dateOfBirth' })]);
  });

  it('null + warning: the zero birth date loads as unknown, the warning keeps the code and says which policy', () => {
    for (const rule of [
      copy({ onInvalid: 'null' }),
      rename('GEBDAT', { onInvalid: 'null' }),
      transform('GEBDAT', t.partialDate(), { severity: 'warning' }),
      transform('GEBDAT', t.partialDate(), { onInvalid: 'null' }),
    ]) {
      const { records, issues } = person({ dateOfBirth: rule }).map({ ...zeroDate, dateOfBirth: zeroDate['GEBDAT']! }, ctx);
      expect(records[0]!.record['dateOfBirth']).toBeUndefined();
      expect(issues).toEqual([
        expect.objectContaining({
          code: 'source.invalid_value',
          severity: 'warning',
          path: '/dateOfBirth',
          details: expect.objectContaining({ onInvalid: 'null', reason: 'zero-date' }),
        }),
      ]);
      expect(JSON.stringify(issues)).not.toContain('0000-00-00');
    }
  });

  it('default + warning: an unparseable value and an unmapped code load a declared default', () => {
    const mapping = person({
      dateOfBirth: transform('BORN', t.swissDate(), { onInvalid: { default: '1900-01-01' } }),
      maritalStatus: lookup('ZS', zivilstand, { onInvalid: { default: '9' } }),
    });
    const { records, issues } = mapping.map({ ...zeroDate, BORN: '31.02.1980' }, ctx);
    expect(records[0]!.record).toMatchObject({ dateOfBirth: '1900-01-01', maritalStatus: '9' });
    expect(issues.map((i) => [i.code, i.severity, i.path, i.details?.['onInvalid']])).toEqual([
      ['transform.date_invalid', 'warning', '/dateOfBirth', 'default'],
      ['codes.unmapped', 'warning', '/maritalStatus', 'default'],
    ]);
    // The code coverage still counts the code as unmapped.
    expect(mapping.coverage()[0]?.totals).toMatchObject({ unmapped: 1 });
    // The mapping document says what the policy does.
    expect(renderMappingDocument([mapping], { format: 'markdown' })).toContain('invalid value: "9" + warning');
  });

  it('looks a code spread over two columns up as one `a|b` code, with code coverage', () => {
    const leistung = parseCodeListMap(
      'source_code;target_code;status;approved_by;approved_at\nWSH|1;RF;approved;Fachstelle;2026-03-02\nWSH|2;ZV;proposed;;\n',
      {
        id: 'kiss.leistung',
        version: '1',
      },
    );
    const mapping = defineMapping({
      name: 'kiss-fall',
      version: '1',
      source: { table: 'FaFall', keyColumns: ['ID'] },
      yields: [
        {
          entity: 'person',
          fields: {
            id: id('ID'),
            officialName: rename('NAME'),
            firstName: rename('NAME'),
            callName: lookup(['TYP', 'SUBTYP'], leistung, { onInvalid: 'null' }),
          },
        },
      ],
    });
    expect(mapping.source.columns).toEqual(expect.arrayContaining(['TYP', 'SUBTYP']));
    expect(mapping.map({ ID: 1, NAME: 'X', TYP: 'WSH', SUBTYP: 1 }, ctx).records[0]!.record['callName']).toBe('RF');
    const unmapped = mapping.map({ ID: 2, NAME: 'X', TYP: 'WSH', SUBTYP: 9 }, ctx);
    expect(unmapped.issues.map((i) => [i.code, i.severity])).toEqual([['codes.unmapped', 'warning']]);
    expect(mapping.coverage()[0]?.totals).toMatchObject({ mapped: 1, unmapped: 1 });
    expect(renderMappingDocument([mapping], { format: 'markdown' })).toContain('TYP + SUBTYP');
  });

  it('keep(value).warn(code): a computed rule loads the value and records the warning', () => {
    const mapping = person({
      oldAhvNumber: computed({ columns: ['AHV'], description: 'old 11-digit AHV number, kept with a warning' }, (row) => {
        const digits = String(row['AHV'] ?? '').replace(/\D/g, '');
        if (digits.length !== 11) return fail('person.ahv_invalid');
        return keep(digits).warn('person.ahv_old_number_only', { digits: 11 });
      }),
    });
    const { records, issues } = mapping.map(zeroDate, ctx);
    expect(records[0]!.record['oldAhvNumber']).toBe('12345678901');
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'person.ahv_old_number_only',
        severity: 'warning',
        path: '/oldAhvNumber',
        details: expect.objectContaining({ digits: 11, rule: 'computed' }),
      }),
    ]);
    expect(JSON.stringify(issues)).not.toContain('12345678901');
    const plain = person({ oldAhvNumber: computed({ columns: ['AHV'], description: 'as is' }, (row) => ok(String(row['AHV']))) }).map(zeroDate, ctx);
    expect(plain.issues).toEqual([]);
  });
});
