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

  it('canonicalJson stays exact for records of many key shapes and orders, interleaved', () => {
    // Reference: JSON.stringify of a copy with keys sorted and null/undefined members dropped.
    const sortedCopy = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : sortedCopy(x)));
      if (v === null || typeof v !== 'object') return v;
      const o = v as Record<string, unknown>;
      return Object.fromEntries(
        Object.keys(o)
          .filter((k) => o[k] !== null && o[k] !== undefined)
          .sort()
          .map((k) => [k, sortedCopy(o[k])]),
      );
    };
    const names = ['id', 'b', 'A', 'ä', 'a~/', 'z', 'lineage', 'x1', 'x10', 'x2'];
    const records: Record<string, unknown>[] = [];
    for (let i = 0; i < 200; i++) {
      // 40 shapes (more than the writer remembers), the same keys also in other insertion orders.
      const keys = names.filter((_, j) => ((i % 40) >> (j % 6)) & 1 || j === 0);
      const ordered = i % 3 === 0 ? [...keys].reverse() : i % 3 === 1 ? keys : [...keys.slice(1), keys[0]!];
      const record: Record<string, unknown> = {};
      for (const [j, k] of ordered.entries())
        record[k] = (i + j) % 7 === 0 ? null : k === 'lineage' ? { sourceKey: String(i), mapping: 'm', a: [i, null] } : `${k}-${i}`;
      records.push(record);
    }
    for (const record of records) expect(canonicalJson(record)).toBe(JSON.stringify(sortedCopy(record)));
  });

  it('canonicalJson quotes every string exactly as JSON.stringify does', () => {
    const texts = ['', 'plain ASCII 12/3', 'x"y', 'a\\b', 'tab\tnew\nline\u0000\u001f', '\u007f', 'Zürich «été» €', '\u2028\u2029', '😀', '\ud800', 'x\udc00y'];
    for (const text of texts) expect(canonicalJson({ k: text, a: [text] })).toBe(`{"a":[${JSON.stringify(text)}],"k":${JSON.stringify(text)}}`);
  });

  it('still names the offending path when a value is not JSON', () => {
    expect(() => canonicalJson({ a: { b: [1, Number.NaN] } })).toThrow(expect.objectContaining({ details: { path: '$.a.b[1]' } }));
    expect(() => canonicalJson({ a: new Date(0) })).toThrow(expect.objectContaining({ details: { path: '$.a' } }));
  });
});
