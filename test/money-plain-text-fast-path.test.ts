/**
 * The money parser's fast path for plain decimal text (default options) gives exactly what the full
 * rules give: the same Rappen (never -0), the same failure codes and details, for every sign, length,
 * leading zero and decimal count around the fast path's bounds. `decimalSeparator: 'auto'` spells the
 * default explicitly and so always takes the full rules.
 */
import { expect, it } from 'vitest';
import { parseMoneyRappen } from '../src/core/model/swiss-money.js';

function inputs(): string[] {
  const out: string[] = [
    '0',
    '-0',
    '0.0',
    '-0.00',
    '00012.50',
    '9999999999999.99',
    '-9999999999999.99',
    '99999999999999.99',
    '1.',
    '.5',
    '-',
    '12.345',
    '1.5e3',
  ];
  const digits = '9081726354';
  for (const sign of ['', '-', '+', ' ', '−']) {
    for (let whole = 0; whole <= 15; whole += 1) {
      for (const fraction of [undefined, '', '0', '5', '05', '50', '99', '123', '120', '-']) {
        const w = Array.from({ length: whole }, (_, i) => digits[(i * 7 + whole) % 10]).join('');
        out.push(`${sign}${w}${fraction === undefined ? '' : `.${fraction}`}`);
      }
    }
  }
  return out;
}

it('plain decimal text parses to the same result on the fast path as under the full rules', () => {
  let fast = 0;
  for (const text of inputs()) {
    const result = parseMoneyRappen(text);
    const full = parseMoneyRappen(text, { decimalSeparator: 'auto' });
    expect(result, text).toEqual(full);
    if (result.ok) {
      expect(Object.is(result.value, -0), text).toBe(false);
      fast += /^-?\d{1,13}(\.\d{1,2})?$/.test(text) ? 1 : 0;
    }
  }
  // The comparison covered the fast path itself, not only the texts it hands on.
  expect(fast).toBeGreaterThan(100);
  expect(parseMoneyRappen('-1234.5')).toEqual({ ok: true, value: -123450 });
  expect(parseMoneyRappen('0.05')).toEqual({ ok: true, value: 5 });
});
