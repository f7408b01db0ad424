import { describe, expect, it } from 'vitest';
import { v5 as uuidv5 } from 'uuid';
import { CASEBRIDGE_NAMESPACE, canonicalId, canonicalIdReference, canonicalJson } from '../src/core/pipeline/identity.js';

describe('identity fast paths agree with their reference implementations', () => {
  it('canonicalId equals uuid v5 of the joined key for ASCII, umlauts, astral characters and numbers', () => {
    const keys: (string | number | bigint)[][] = [[1], ['42', 7], ['Müller', 'Zürich'], ['😀', 'a\u001fb'], [12345678901234567890n], ['']];
    for (const key of keys) {
      const expected = uuidv5(['sys', 'person', ...key.map(String)].join('\u001f'), CASEBRIDGE_NAMESPACE);
      expect(canonicalId('sys', 'person', ...key)).toBe(expected);
      expect(canonicalIdReference('sys', 'person', ...key)).toBe(expected);
    }
  });

  it('canonicalJson sorts keys, drops null/undefined members and keeps array nulls', () => {
    const record = { b: 1, a: 'x"y', c: null, d: undefined, e: [1, null, undefined, { z: true, y: 2n }], ü: { k: [] } };
    expect(canonicalJson(record)).toBe('{"a":"x\\"y","b":1,"e":[1,null,null,{"y":2,"z":true}],"ü":{"k":[]}}');
  });

  it('still names the offending path when a value is not JSON', () => {
    expect(() => canonicalJson({ a: { b: [1, Number.NaN] } })).toThrow(expect.objectContaining({ details: { path: '$.a.b[1]' } }));
    expect(() => canonicalJson({ a: new Date(0) })).toThrow(expect.objectContaining({ details: { path: '$.a' } }));
  });
});
