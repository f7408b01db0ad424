import { describe, expect, it } from 'vitest';
import {
  parseAhvn13,
  parseBoolean,
  parseInteger,
  parseMaritalStatus,
  parseMoneyRappen,
  parseOldAhvNumber,
  parseSex,
  parseSwissDate,
  parseYearMonth,
  normalizeText,
  splitName,
  type MoneyOptions,
  type SwissDateOptions,
  type TransformResult,
} from '../src/mappings/transforms/index.js';

const value = <T>(r: TransformResult<T>): T | string => (r.ok ? r.value : `!${r.code}`);

describe('parseSwissDate', () => {
  const cases: [unknown, SwissDateOptions, string][] = [
    ['01.02.2020', {}, '2020-02-01'],
    ['1.2.2020', {}, '2020-02-01'],
    [' 29.02.2024 ', {}, '2024-02-29'],
    ['29.02.2023', {}, '!transform.date_invalid'],
    ['31.02.2020', {}, '!transform.date_invalid'],
    ['31.04.2020', {}, '!transform.date_invalid'],
    ['29.02.1900', {}, '!transform.date_invalid'],
    ['29.02.2000', {}, '2000-02-29'],
    ['01.13.2020', {}, '!transform.date_invalid'],
    ['1.1.20', {}, '!transform.date_two_digit_year'],
    ['1.1.20', { pivotYear: 1930 }, '2020-01-01'],
    ['1.1.30', { pivotYear: 1930 }, '1930-01-01'],
    ['31.12.29', { pivotYear: 1930 }, '2029-12-31'],
    ['1.1.20', { pivotYear: 2021 }, '2120-01-01'],
    ['2020-02-01', {}, '2020-02-01'],
    ['2020-02-30', {}, '!transform.date_invalid'],
    ['2020-02-01T00:00:00', {}, '2020-02-01'],
    ['2020-02-01T23:00:00Z', {}, '!transform.date_invalid'],
    ['01.02.2020 14:30', {}, '2020-02-01'],
    ['00.00.1970', {}, '!transform.date_partial'],
    ['1970', {}, '!transform.date_partial'],
    ['0000-00-00', {}, '!transform.date_invalid'],
    ['01.01.1799', {}, '!transform.date_invalid'],
    ['2020/02/01', {}, '!transform.date_invalid'],
    ['', {}, '!transform.date_invalid'],
    ['gestern', {}, '!transform.date_invalid'],
    [20200201, {}, '!transform.type_invalid'],
  ];
  it.each(cases)('%j %j → %s', (input, options, expected) => {
    expect(value(parseSwissDate(input, options))).toBe(expected);
  });

  const partial: [unknown, string][] = [
    ['00.00.1970', '1970'],
    ['00.03.1970', '1970-03'],
    ['03.1970', '1970-03'],
    ['1970', '1970'],
    ['1970-00-00', '1970'],
    ['1970-03-00', '1970-03'],
    [1970, '1970'],
    ['15.00.1970', '!transform.date_invalid'],
    ['12.05.1970', '1970-05-12'],
  ];
  it.each(partial)('partial %j → %s', (input, expected) => {
    expect(value(parseSwissDate(input, { partial: true }))).toBe(expected);
  });

  it('parses months and rejects a bare year as a month', () => {
    expect(value(parseYearMonth('3.2024'))).toBe('2024-03');
    expect(value(parseYearMonth('2024-03'))).toBe('2024-03');
    expect(value(parseYearMonth('15.03.2024'))).toBe('2024-03');
    expect(value(parseYearMonth('2024'))).toBe('!transform.date_partial');
  });

  it('never echoes the input in failure details', () => {
    const r = parseSwissDate('31.02.1984');
    expect(JSON.stringify(r)).not.toContain('1984');
  });
});

describe('parseMoneyRappen', () => {
  const cases: [unknown, MoneyOptions, number | string][] = [
    ["1'234.50", {}, 123450],
    ['1’234.50', {}, 123450],
    ["1'234'567.05", {}, 123456705],
    ['1 234.50', {}, 123450],
    ['1234,50', {}, 123450],
    ['1234.5', {}, 123450],
    ['-12.–', {}, -1200],
    ['5.-', {}, 500],
    ['5.--', {}, 500],
    ['CHF 5.-', {}, 500],
    ['Fr. 12.30', {}, 1230],
    ['12.30 CHF', {}, 1230],
    ['-CHF 7.05', {}, -705],
    ['+3', {}, 300],
    ['0', {}, 0],
    ['-0.00', {}, 0],
    ['0.05', {}, 5],
    ['0.500', {}, 50],
    ['1234.500', {}, 123450],
    ['12.345', {}, '!transform.money_ambiguous'],
    ['1.234', {}, '!transform.money_ambiguous'],
    ['1.234,5', {}, '!transform.money_ambiguous'],
    ['1,234.50', {}, '!transform.money_ambiguous'],
    ['1.234.567', {}, '!transform.money_ambiguous'],
    ['1.234,50', { decimalSeparator: ',', thousandsSeparator: '.' }, 123450],
    ['1.234,5', { decimalSeparator: ',', thousandsSeparator: '.' }, 123450],
    ['12.345', { decimalSeparator: '.' }, '!transform.money_precision'],
    ['12.345', { decimalSeparator: '.', rounding: 'half-up' }, 1235],
    ['12.345', { decimalSeparator: '.', rounding: 'half-even' }, 1234],
    ['12.355', { decimalSeparator: '.', rounding: 'half-even' }, 1236],
    ['12.3451', { rounding: 'half-even' }, 1235],
    ['-12.345', { decimalSeparator: '.', rounding: 'half-up' }, -1235],
    ['1234.567', {}, '!transform.money_precision'],
    ["12'34.50", {}, '!transform.money_invalid'],
    ['12a', {}, '!transform.money_invalid'],
    ['', {}, '!transform.money_invalid'],
    ['CHF', {}, '!transform.money_invalid'],
    ['1e3', {}, '!transform.money_invalid'],
    ['9999999999999.99', {}, 999999999999999],
    ['10000000000000.00', {}, '!transform.money_out_of_range'],
    [12.35, {}, 1235],
    [-7, {}, -700],
    [0.1 + 0.2, {}, '!transform.money_precision'],
    ['1250', { unit: 'rappen' }, 1250],
    ['12.50', { unit: 'rappen' }, '!transform.money_precision'],
    [true, {}, '!transform.type_invalid'],
  ];
  it.each(cases)('%j %j → %s', (input, options, expected) => {
    expect(value(parseMoneyRappen(input, options))).toBe(expected);
  });
});

describe('parseBoolean', () => {
  const cases: [unknown, boolean | string][] = [
    ['J', true],
    ['j', true],
    ['ja', true],
    ['Ja ', true],
    ['Y', true],
    ['oui', true],
    ['Oui', true],
    ['sì', true],
    ['1', true],
    [1, true],
    [true, true],
    ['true', true],
    ['N', false],
    ['nein', false],
    ['non', false],
    ['no', false],
    ['0', false],
    [0, false],
    [false, false],
    ['falsch', false],
    ['', '!transform.boolean_invalid'],
    ['x', '!transform.boolean_invalid'],
    [2, '!transform.boolean_invalid'],
    ['vielleicht', '!transform.boolean_invalid'],
  ];
  it.each(cases)('%j → %s', (input, expected) => {
    expect(value(parseBoolean(input))).toBe(expected);
  });
  it('accepts declared extra variants', () => {
    expect(value(parseBoolean('X', { extraTrue: ['x'] }))).toBe(true);
  });
});

describe('AHV numbers', () => {
  const cases: [unknown, string][] = [
    ['756.1234.5678.97', '7561234567897'],
    ['7561234567897', '7561234567897'],
    [' 756 9217 0769 85 ', '7569217076985'],
    ['756.1234.5678.98', '!transform.ahv_check_digit'],
    ['7560000000001', '!transform.ahv_check_digit'],
    ['123.45.678.901', '!transform.ahv_old_number'],
    ['12345678901', '!transform.ahv_old_number'],
    ['1234567890123', '!transform.ahv_invalid'],
    ['756.1234', '!transform.ahv_invalid'],
  ];
  it.each(cases)('vn %j → %s', (input, expected) => {
    expect(value(parseAhvn13(input))).toBe(expected);
  });
  it('normalises old numbers for the legacy field', () => {
    expect(value(parseOldAhvNumber('123.45.678.901'))).toBe('12345678901');
    expect(value(parseOldAhvNumber('756.1234.5678.97'))).toBe('!transform.ahv_invalid');
  });
});

describe('text and names', () => {
  const texts: [unknown, Parameters<typeof normalizeText>[1], string | null][] = [
    ['  Anna\u00a0 Maria  ', {}, 'Anna Maria'],
    ['Mu\u0308ller', {}, 'Müller'],
    ['MÜLLER-MEIER', { case: 'title' }, 'Müller-Meier'],
    ["d'alessandro", { case: 'title' }, "D'Alessandro"],
    ['zürich', { case: 'upper' }, 'ZÜRICH'],
    ['   ', {}, null],
    ['abcdef', { maxLength: 3 }, '!transform.text_too_long'],
  ];
  it.each(texts)('text %j %j → %s', (input, options, expected) => {
    expect(value(normalizeText(input, options))).toBe(expected);
  });

  const names: [string, Parameters<typeof splitName>[1], string][] = [
    ['Muster, Anna Maria', {}, 'Muster|Anna Maria'],
    ['van der Berg, Jan', {}, 'van der Berg|Jan'],
    ['Muster Anna', { order: 'last-first' }, 'Muster|Anna'],
    ['Anna Muster', { order: 'first-last' }, 'Muster|Anna'],
    ['Anna Muster', {}, '!transform.name_invalid'],
    ['van der Berg Jan', { order: 'last-first' }, '!transform.name_invalid'],
    ['Muster', { order: 'last-first' }, '!transform.name_invalid'],
    ['Muster,', {}, '!transform.name_invalid'],
    ['MUSTER, ANNA', { case: 'title' }, 'Muster|Anna'],
  ];
  it.each(names)('name %j %j → %s', (input, options, expected) => {
    const r = splitName(input, options);
    expect(r.ok ? `${r.value.officialName}|${r.value.firstName}` : `!${r.code}`).toBe(expected);
  });
});

describe('sex and marital status', () => {
  const sexes: [unknown, Parameters<typeof parseSex>[1], string][] = [
    ['M', {}, '1'],
    ['männlich', {}, '1'],
    ['Herr', {}, '1'],
    ['H', {}, '1'],
    ['homme', {}, '1'],
    ['W', {}, '2'],
    ['F', {}, '2'],
    ['weiblich', {}, '2'],
    ['Frau', {}, '2'],
    ['femme', {}, '2'],
    ['unbekannt', {}, '3'],
    ['1', {}, '!transform.sex_ambiguous'],
    [2, { numeric: 'ech0011' }, '2'],
    ['3', { numeric: 'bfs' }, '!transform.sex_unknown'],
    ['X', {}, '!transform.sex_unknown'],
  ];
  it.each(sexes)('sex %j %j → %s', (input, options, expected) => {
    expect(value(parseSex(input, options))).toBe(expected);
  });

  const marital: [unknown, Parameters<typeof parseMaritalStatus>[1], string][] = [
    ['ledig', {}, '1'],
    ['Verheiratet', {}, '2'],
    ['marié(e)', {}, '2'],
    ['verwitwet', {}, '3'],
    ['veuve', {}, '3'],
    ['geschieden', {}, '4'],
    ['divorcée', {}, '4'],
    ['unverheiratet', {}, '5'],
    ['in eingetragener  Partnerschaft', {}, '6'],
    ['aufgelöste Partnerschaft', {}, '7'],
    ['unbekannt', {}, '9'],
    ['getrennt', {}, '!transform.marital_status_ambiguous'],
    ['3', {}, '!transform.marital_status_ambiguous'],
    ['3', { numeric: 'ech0011' }, '3'],
    ['4', { numeric: 'bfs-shs' }, '3'],
    ['5', { numeric: 'bfs-shs' }, '4'],
    ['3', { numeric: 'bfs-shs' }, '!transform.marital_status_ambiguous'],
    ['8', { numeric: 'ech0011' }, '!transform.marital_status_unknown'],
    ['konkubinat', {}, '!transform.marital_status_unknown'],
  ];
  it.each(marital)('marital %j %j → %s', (input, options, expected) => {
    expect(value(parseMaritalStatus(input, options))).toBe(expected);
  });
});

describe('parseInteger', () => {
  const cases: [unknown, Parameters<typeof parseInteger>[1], number | string][] = [
    ['261', {}, 261],
    [' 261 ', {}, 261],
    [42, {}, 42],
    ['12.0', {}, '!transform.integer_invalid'],
    ['0', { min: 1 }, '!transform.integer_invalid'],
    ['10000', { max: 9999 }, '!transform.integer_invalid'],
    [1.5, {}, '!transform.integer_invalid'],
  ];
  it.each(cases)('%j %j → %s', (input, options, expected) => {
    expect(value(parseInteger(input, options))).toBe(expected);
  });
});
