import { describe, expect, it } from 'vitest';
import { InvalidSourceValue, type NormalizedType, type SourceValue } from '../src/core/connector/source-value.js';
import { DecimalSum, parseDecimalText } from '../src/connectors/shared/decimal-text.js';
import { convertJsonValue, parseTypedText } from '../src/connectors/files/files-type-map.js';
import { quotedFields } from '../src/connectors/files/files-record-stream.js';
import { parseDateText, parseTimestampText, parseTimestamptzText, parseTimeText } from '../src/connectors/shared/temporal-text.js';

const dot = { decimalSeparator: '.' as const };

describe('parseDecimalText reads Swiss amounts exactly', () => {
  it.each([
    ["1'234.50", '1234.50'],
    ['1’234’567.05', '1234567.05'],
    ['-200.00', '-200.00'],
    ['+7.5', '7.5'],
    ['.5', '0.5'],
    ['-.5', '-0.5'],
    ['007', '7'],
    ['-0.00', '0.00'],
    ['  12 ', '12'],
    ['12.', '12'],
    ['123456789012345678901234567890.0123456789', '123456789012345678901234567890.0123456789'],
  ])('%s → %s', (text, want) => expect(parseDecimalText(text)).toBe(want));

  it.each(['', '-', '.', "1'23.5", "12'34", '1e5', '1,5', 'abc', '1.2.3', "'123"])('%j is not a decimal', (text) => {
    expect(parseDecimalText(text)).toBeUndefined();
  });

  it('reads a comma decimal separator when configured', () => {
    expect(parseDecimalText("1'234,50", ',')).toBe('1234.50');
    expect(parseDecimalText('1.5', ',')).toBeUndefined();
  });
});

describe('DecimalSum adds without floats', () => {
  it.each([
    [['0.1', '0.2'], '0.3'],
    [['1234.50', '-200.00', '0.05'], '1034.55'],
    [['9007199254740993', '1'], '9007199254740994'],
    [['-0.0000000001', '0.0000000001'], '0.0000000000'],
    [['1234567890123456789012345678.0123456789', '1.1'], '1234567890123456789012345679.1123456789'],
    [['-5', '2'], '-3'],
    [['-0.5', '0.2'], '-0.3'],
    [[], '0'],
  ])('%j → %s', (values, want) => {
    const sum = new DecimalSum();
    for (const v of values) sum.add(v);
    expect(sum.toString()).toBe(want);
  });

  it('adds JS integers and plain decimals exactly', () => {
    const sum = new DecimalSum();
    sum.add(12);
    sum.add(0.25);
    expect(sum.toString()).toBe('12.25');
    expect(() => sum.add(1e-7)).toThrow(RangeError);
  });
});

describe('temporal text', () => {
  it.each([
    ['2024-02-29', '2024-02-29'],
    ['29.02.2024', '2024-02-29'],
    ['1.2.2023', '2023-02-01'],
    ['0001-01-01', '0001-01-01'],
    ['31.02.2024', undefined],
    ['2023-02-29', undefined],
    ['2024-13-01', undefined],
    ['0000-00-00', undefined],
    ['2024/01/01', undefined],
  ])('date %s → %s', (text, want) => expect(parseDateText(text)).toBe(want));

  it.each([
    ['2024-01-02T03:04:05', '2024-01-02T03:04:05'],
    ['2024-01-02 03:04', '2024-01-02T03:04:00'],
    ['02.01.2024 03:04:05.1230000', '2024-01-02T03:04:05.123'],
    ['2024-01-02T03:04:05.1234567', '2024-01-02T03:04:05.1234567'],
    ['2024-01-02T24:00:00', undefined],
    ['2024-01-02T03:04:05Z', undefined],
  ])('timestamp %s → %s', (text, want) => expect(parseTimestampText(text)).toBe(want));

  it.each([
    ['2024-01-02T03:04:05Z', '2024-01-02T03:04:05Z'],
    ['2024-01-01T00:30:00.1234567+01:00', '2023-12-31T23:30:00.1234567Z'],
    ['2024-03-31T03:30:00+0200', '2024-03-31T01:30:00Z'],
    ['0050-01-01T00:00:00-01:00', '0050-01-01T01:00:00Z'],
    ['2024-01-02T03:04:05', undefined],
  ])('timestamptz %s → %s', (text, want) => expect(parseTimestamptzText(text)).toBe(want));

  it.each([
    ['7:05', '07:05:00'],
    ['23:59:59.999999', '23:59:59.999999'],
    ['12:00:00.000', '12:00:00'],
    ['24:00', undefined],
  ])('time %s → %s', (text, want) => expect(parseTimeText(text)).toBe(want));
});

describe('parseTypedText: strict per declared type', () => {
  const cases: [NormalizedType, string, SourceValue][] = [
    ['string', '  as is ', '  as is '],
    ['integer', "1'234", 1234],
    ['integer', '-7', -7],
    ['integer', '1.5', new InvalidSourceValue('undecodable', '1.5')],
    ['integer', '9007199254740993', new InvalidSourceValue('out-of-range', '9007199254740993')],
    ['bigint', '9007199254740993', '9007199254740993'],
    ['decimal', "1'234.50", '1234.50'],
    ['decimal', 'CHF 5', new InvalidSourceValue('undecodable', 'CHF 5')],
    ['float', '1e-7', 1e-7],
    ['float', '0.25', 0.25],
    ['boolean', 'Ja', true],
    ['boolean', 'nein', false],
    ['boolean', '0', false],
    ['boolean', 'vielleicht', new InvalidSourceValue('undecodable', 'vielleicht')],
    ['date', '31.12.2023', '2023-12-31'],
    ['date', '31.02.2024', new InvalidSourceValue('invalid-date', '31.02.2024')],
    ['timestamp', '2024-01-02 03:04:05', '2024-01-02T03:04:05'],
    ['time', '25:00', new InvalidSourceValue('invalid-date', '25:00')],
    ['uuid', '3F2504E0-4F89-11D3-9A0C-0305E82C3301', '3f2504e0-4f89-11d3-9a0c-0305e82c3301'],
    ['uuid', 'not-a-uuid', new InvalidSourceValue('undecodable', 'not-a-uuid')],
    ['binary', 'AAEC/w==', Uint8Array.of(0, 1, 2, 255)],
    ['binary', '', new Uint8Array(0)],
    ['json', '{"a":[1,null]}', { a: [1, null] }],
    ['json', '{oops', new InvalidSourceValue('undecodable', '{oops')],
  ];
  it.each(cases)('%s %j', (type, text, want) => expect(parseTypedText(type, text, dot)).toEqual(want));
});

describe('convertJsonValue: JSON Lines values per declared type', () => {
  const cases: [NormalizedType, unknown, SourceValue][] = [
    ['integer', 42, 42],
    ['integer', 1.5, new InvalidSourceValue('undecodable', '1.5')],
    ['integer', 2 ** 60, new InvalidSourceValue('out-of-range', '1152921504606847000')],
    ['bigint', 2 ** 60, new InvalidSourceValue('out-of-range', '1152921504606847000')],
    ['bigint', 42, '42'],
    ['decimal', '1234.50', '1234.50'],
    ['decimal', 12, '12'],
    ['decimal', 1e-7, new InvalidSourceValue('out-of-range', '1e-7')],
    ['bigint', '18446744073709551615', '18446744073709551615'],
    ['boolean', true, true],
    ['boolean', 'ja', true],
    ['date', '05.02.2023', '2023-02-05'],
    ['date', 20230205, new InvalidSourceValue('invalid-date', '20230205')],
    ['string', 17, '17'],
    ['json', { a: 1 }, { a: 1 }],
    ['date', null, null],
    ['date', undefined, null],
  ];
  it.each(cases)('%s %j', (type, value, want) => expect(convertJsonValue(type, value as never, dot)).toEqual(want));
});

describe('quotedFields tells a quoted "" from an empty unquoted field', () => {
  it.each([
    ['a,"",', [1]],
    ['"",,""', [0, 2]],
    ['"x ""y"", z",,', [0]],
    ['"multi\r\nline",""\r\n', [0, 1]],
    ['a;b', []],
    ['a,"",b', [1]],
  ])('%j → %j', (raw, want) => {
    expect([...quotedFields(raw, raw.includes(';') ? ';' : ',', '"')]).toEqual(want);
  });
});
