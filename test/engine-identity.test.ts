/**
 * Deterministic identity: canonical ids (UUIDv5 of source system + entity + legacy key), the canonical
 * JSON every content hash is computed over (key order, absent = null, bigint = integer), content-hash
 * stability, and pseudonymous source references that reveal nothing of the row.
 */
import { TEST_PSEUDONYM_KEY } from './helpers/pseudonym-key.js';
import { PseudonymKey } from '../src/core/pseudonyms/pseudonym-key.js';
import { createHash } from 'node:crypto';
import { v5 as uuidv5, validate as isUuid, version as uuidVersion } from 'uuid';
import { describe, expect, it } from 'vitest';
import { CASEBRIDGE_NAMESPACE, canonicalId, canonicalJson, contentHash, sourceRecordRef } from '../src/core/pipeline/identity.js';

describe('canonicalId', () => {
  it('is a UUIDv5 in the casebridge namespace, which is uuidv5("casebridge.ch", DNS)', () => {
    expect(uuidv5('casebridge.ch', uuidv5.DNS)).toBe(CASEBRIDGE_NAMESPACE);
    const id = canonicalId('kiss-zuerich', 'person', 4711);
    expect(isUuid(id)).toBe(true);
    expect(uuidVersion(id)).toBe(5);
    expect(id).toBe(uuidv5(['kiss-zuerich', 'person', '4711'].join('\u001f'), CASEBRIDGE_NAMESPACE));
  });

  it('is the same on every run and for number, string and bigint forms of one key', () => {
    const a = canonicalId('kiss-zuerich', 'person', 4711);
    expect(canonicalId('kiss-zuerich', 'person', 4711)).toBe(a);
    expect(canonicalId('kiss-zuerich', 'person', '4711')).toBe(a);
    expect(canonicalId('kiss-zuerich', 'person', 4711n)).toBe(a);
  });

  it('differs by source system, entity and every key part, and composite keys cannot collide by joining', () => {
    const ids = new Set([
      canonicalId('kiss-zuerich', 'person', 1),
      canonicalId('kiss-bern', 'person', 1),
      canonicalId('kiss-zuerich', 'case', 1),
      canonicalId('kiss-zuerich', 'person', 2),
      canonicalId('kiss-zuerich', 'person', 'a', 'bc'),
      canonicalId('kiss-zuerich', 'person', 'ab', 'c'),
      canonicalId('kiss-zuerich', 'person', 'a|bc'),
    ]);
    expect(ids.size).toBe(7);
  });

  it('refuses an empty legacy key with CB_MAPPING_INVALID', () => {
    expect(() => canonicalId('kiss-zuerich', 'person')).toThrow(expect.objectContaining({ code: 'CB_MAPPING_INVALID' }));
  });
});

describe('canonicalJson', () => {
  it('sorts keys recursively, whatever the insertion order', () => {
    const a = canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } });
    const b = canonicalJson({ a: { c: 'x', d: [3, { y: 2, z: 1 }] }, b: 1 });
    expect(a).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
    expect(b).toBe(a);
  });

  it('sorts by UTF-16 code units (uppercase before lowercase, umlauts last), not by locale', () => {
    expect(canonicalJson({ ä: 1, b: 2, B: 3, a: 4 })).toBe('{"B":3,"a":4,"b":2,"ä":1}');
  });

  it('leaves out null and undefined members (absent = null), keeps array positions as null', () => {
    expect(canonicalJson({ a: 1, b: null, c: undefined })).toBe('{"a":1}');
    expect(canonicalJson([1, null, undefined])).toBe('[1,null,null]');
  });

  it('writes bigint as an integer, so Rappen read back as bigint hash like numbers', () => {
    expect(canonicalJson({ amountRappen: 123450n })).toBe(canonicalJson({ amountRappen: 123450 }));
    expect(canonicalJson({ big: 2n ** 64n })).toBe('{"big":18446744073709551616}');
  });

  it('escapes strings as JSON does and keeps arrays in their order', () => {
    expect(canonicalJson({ s: 'Zürich "Altstadt"\n' })).toBe('{"s":"Zürich \\"Altstadt\\"\\n"}');
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it.each([
    ['NaN', { a: Number.NaN }],
    ['Infinity', { a: Number.POSITIVE_INFINITY }],
    ['a Date', { a: new Date(0) }],
    ['a Map', { a: new Map() }],
    ['a function', { a: () => 1 }],
    ['a symbol', { a: Symbol('x') }],
  ])('refuses %s with CB_MAPPING_INVALID naming the path, never the value', (_name, value) => {
    let error: unknown;
    try {
      canonicalJson(value);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'CB_MAPPING_INVALID', details: expect.objectContaining({ path: '$.a' }) });
  });
});

describe('contentHash', () => {
  const record = { id: canonicalId('src', 'person', 1), officialName: 'Muster', firstName: 'Anna', vn: '7561234567897', nationalities: ['CH', 'DE'] };

  it('is the SHA-256 hex of the canonical JSON', () => {
    expect(contentHash(record)).toBe(createHash('sha256').update(canonicalJson(record)).digest('hex'));
    expect(contentHash(record)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is stable across key order and absent-vs-null, and a known value does not drift between releases', () => {
    const shuffled = { nationalities: ['CH', 'DE'], vn: '7561234567897', firstName: 'Anna', sex: null, officialName: 'Muster', id: record.id };
    expect(contentHash(shuffled)).toBe(contentHash(record));
    // Pinned: changing canonicalJson or the hash would make every stored row look changed.
    expect(contentHash({ a: 1, b: 'x' })).toBe(createHash('sha256').update('{"a":1,"b":"x"}').digest('hex'));
  });

  it('changes when any value changes, including array order', () => {
    expect(contentHash({ ...record, firstName: 'Anne' })).not.toBe(contentHash(record));
    expect(contentHash({ ...record, nationalities: ['DE', 'CH'] })).not.toBe(contentHash(record));
    expect(contentHash({ ...record, amountRappen: 0 })).not.toBe(contentHash(record));
  });
});

describe('sourceRecordRef', () => {
  it('is the mapping name plus 16 hex digits of HMAC-SHA-256 under the pseudonym key, stable and value-free', () => {
    const ref = sourceRecordRef('persons', 'kiss-zuerich', 'tbl_person', '4711', TEST_PSEUDONYM_KEY);
    expect(ref).toBe(`persons:${TEST_PSEUDONYM_KEY.digest('record', 'kiss-zuerich', 'tbl_person', '4711').slice(0, 16)}`);
    expect(sourceRecordRef('persons', 'kiss-zuerich', 'tbl_person', '4711', TEST_PSEUDONYM_KEY)).toBe(ref);
    expect(ref).not.toContain('4711');
    expect(sourceRecordRef('persons', 'kiss-zuerich', 'tbl_person', '4712', TEST_PSEUDONYM_KEY)).not.toBe(ref);
    expect(sourceRecordRef('persons', 'kiss-bern', 'tbl_person', '4711', TEST_PSEUDONYM_KEY)).not.toBe(ref);
    expect(sourceRecordRef('persons', 'kiss-zuerich', 'tbl_person', '4711', PseudonymKey.generate())).not.toBe(ref);
  });
});
