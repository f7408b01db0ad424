import { describe, expect, it } from 'vitest';
import { createMssqlConnector } from '../src/connectors/mssql/index.js';
import { parseMssqlUrl, resolveMssqlConfig } from '../src/connectors/mssql/mssql-config.js';
import { translateMssqlError } from '../src/connectors/mssql/mssql-errors.js';
import { toColumnMetadata } from '../src/connectors/mssql/mssql-introspector.js';
import { keyParameterText, positionValue } from '../src/connectors/mssql/mssql-reader.js';
import { mssqlNormalizedType, normalizeMssqlValue } from '../src/connectors/mssql/mssql-type-map.js';
import { InvalidSourceValue, type SourceValue } from '../src/core/connector/source-value.js';

describe('SQL Server type map', () => {
  it.each([
    ['int', 'integer'],
    ['smallint', 'integer'],
    ['tinyint', 'integer'],
    ['bigint', 'bigint'],
    ['decimal', 'decimal'],
    ['numeric', 'decimal'],
    ['money', 'decimal'],
    ['smallmoney', 'decimal'],
    ['float', 'float'],
    ['real', 'float'],
    ['bit', 'boolean'],
    ['date', 'date'],
    ['datetime', 'timestamp'],
    ['datetime2', 'timestamp'],
    ['smalldatetime', 'timestamp'],
    ['datetimeoffset', 'timestamptz'],
    ['time', 'time'],
    ['uniqueidentifier', 'uuid'],
    ['nvarchar', 'string'],
    ['varchar', 'string'],
    ['nchar', 'string'],
    ['text', 'string'],
    ['ntext', 'string'],
    ['xml', 'string'],
    ['varbinary', 'binary'],
    ['image', 'binary'],
    ['sql_variant', 'unknown'],
    ['geography', 'unknown'],
    ['NVARCHAR', 'string'],
  ])('%s → %s', (type, want) => expect(mssqlNormalizedType(type)).toBe(want));

  // Raw values as tedious delivers them for the SELECT expressions of mssql-sql.ts.
  const cases: [string, unknown, SourceValue][] = [
    ['int', 2147483647, 2147483647],
    ['bigint', '-9223372036854775808', '-9223372036854775808'],
    ['decimal', '1234567890123456789012345678.0123456789', '1234567890123456789012345678.0123456789'],
    ['decimal', '-.5000', '-0.5000'],
    ['money', '-922337203685477.5808', '-922337203685477.5808'],
    ['money', '1234.5600', '1234.5600'],
    ['float', 1e-7, 1e-7],
    ['bit', true, true],
    ['bit', false, false],
    ['date', '1850-01-01', '1850-01-01'],
    ['datetime2', '2024-01-01T12:00:00.1234560', '2024-01-01T12:00:00.123456'],
    ['datetime2', '2024-01-01T12:00:00.1234567', '2024-01-01T12:00:00.1234567'],
    ['datetime2', '0001-01-01T00:00:00.0000000', '0001-01-01T00:00:00'],
    ['datetime2', '9999-12-31T23:59:59.9999990', '9999-12-31T23:59:59.999999'],
    ['datetime', '2023-06-15T08:30:00.123', '2023-06-15T08:30:00.123'],
    ['datetime', '1899-12-31T00:00:00', '1899-12-31T00:00:00'],
    ['smalldatetime', '2079-06-06T23:59:00', '2079-06-06T23:59:00'],
    ['datetimeoffset', '2000-06-01T12:00:00.2500000Z', '2000-06-01T12:00:00.25Z'],
    ['datetimeoffset', '2024-03-31T01:30:00+00:00', '2024-03-31T01:30:00Z'],
    ['datetimeoffset', '2024-03-31T03:30:00+02:00', '2024-03-31T01:30:00Z'],
    ['time', '23:59:59.9999990', '23:59:59.999999'],
    ['time', '00:00:00.0000000', '00:00:00'],
    ['uniqueidentifier', '3F2504E0-4F89-11D3-9A0C-0305E82C3301', '3f2504e0-4f89-11d3-9a0c-0305e82c3301'],
    ['varbinary', Buffer.from([0, 1, 2, 255]), Uint8Array.of(0, 1, 2, 255)],
    ['nvarchar', 'emoji 👩‍👧 ✓', 'emoji 👩‍👧 ✓'],
    ['nvarchar', '', ''],
    ['xml', '<a/>', '<a/>'],
    ['int', null, null],
    ['datetime2', 'garbage', new InvalidSourceValue('invalid-date', 'garbage')],
    ['decimal', 1.5, new InvalidSourceValue('undecodable', '1.5')],
  ];
  it.each(cases)('%s %j', (type, raw, want) => {
    const got = normalizeMssqlValue(type, raw);
    if (want instanceof Uint8Array) expect(Buffer.from(got as Uint8Array).equals(Buffer.from(want))).toBe(true);
    else expect(got).toEqual(want);
  });

  it('turns INFORMATION_SCHEMA rows into column metadata with engine types and sizes', () => {
    const meta = (row: Record<string, unknown>) => {
      const { info: _info, ...rest } = toColumnMetadata(row);
      return rest;
    };
    expect(meta({ name: 'amount', dataType: 'decimal', nullable: 'YES', maxLength: null, precision: 38, scale: 10, datetimePrecision: null })).toEqual({
      name: 'amount',
      dataType: 'decimal(38,10)',
      type: 'decimal',
      nullable: true,
      precision: 38,
      scale: 10,
    });
    expect(meta({ name: 'fee', dataType: 'money', nullable: 'NO', precision: 19, scale: 4 })).toMatchObject({
      dataType: 'money',
      precision: 19,
      scale: 4,
      nullable: false,
    });
    expect(meta({ name: 'code', dataType: 'nvarchar', nullable: 'YES', maxLength: 40, charset: 'UNICODE' })).toEqual({
      name: 'code',
      dataType: 'nvarchar(40)',
      type: 'string',
      nullable: true,
      maxLength: 40,
      charset: 'UNICODE',
    });
    expect(meta({ name: 'note', dataType: 'nvarchar', nullable: 'YES', maxLength: -1 })).toEqual({
      name: 'note',
      dataType: 'nvarchar(max)',
      type: 'string',
      nullable: true,
    });
    expect(meta({ name: 'at', dataType: 'datetime2', nullable: 'YES', datetimePrecision: 7 })).toMatchObject({ dataType: 'datetime2(7)', type: 'timestamp' });
  });

  it('positions hold JSON primitives and bind back as text', () => {
    expect(positionValue(Uint8Array.of(0xab, 0x01))).toBe('ab01');
    expect(keyParameterText(true, 't')).toBe('1');
    expect(keyParameterText(-7, 't')).toBe('-7');
    expect(() => keyParameterText(null, 't')).toThrowError(expect.objectContaining({ code: 'CB_CHECKPOINT_INVALID' }));
  });
});

describe('SQL Server error translation', () => {
  // Shaped like mssql's errors: RequestError carries `number`, ConnectionError `code` and `originalError`.
  const request = (number: number, message = 'server message with data (4711, Muster)') =>
    Object.assign(new Error(message), { name: 'RequestError', code: 'EREQUEST', number, state: 1, class: 14 });
  const connection = (code: string, number?: number) =>
    Object.assign(new Error("Login failed for user 'casebridge'."), {
      name: 'ConnectionError',
      code,
      originalError: number === undefined ? undefined : { number },
    });

  it.each([
    [connection('ELOGIN', 18456), 'CB_AUTHENTICATION_FAILED'],
    [request(18456), 'CB_AUTHENTICATION_FAILED'],
    [connection('ELOGIN', 4060), 'CB_CONNECTION_FAILED'],
    [request(208), 'CB_TABLE_NOT_FOUND'],
    [request(207), 'CB_COLUMN_NOT_FOUND'],
    [request(2627), 'CB_UNIQUE_VIOLATION'],
    [request(2601), 'CB_UNIQUE_VIOLATION'],
    [request(547, 'The INSERT statement conflicted with the FOREIGN KEY constraint "FK_x".'), 'CB_FOREIGN_KEY_VIOLATION'],
    [request(547, 'The INSERT statement conflicted with the CHECK constraint "CK_x".'), 'CB_CHECK_VIOLATION'],
    [request(515), 'CB_NOT_NULL_VIOLATION'],
    [request(8115), 'CB_DATA_EXCEPTION'],
    [request(245), 'CB_DATA_EXCEPTION'],
    [request(1222), 'CB_TIMEOUT'],
    [Object.assign(new Error('Timeout: Request failed to complete in 15000ms'), { code: 'ETIMEOUT' }), 'CB_TIMEOUT'],
    [connection('ESOCKET'), 'CB_CONNECTION_FAILED'],
    [connection('ECONNCLOSED'), 'CB_CONNECTION_FAILED'],
    [Object.assign(new Error('Canceled.'), { code: 'ECANCEL' }), 'CB_CANCELLED'],
    [request(1205), 'CB_QUERY_FAILED'],
    [new Error('something else'), 'CB_QUERY_FAILED'],
  ])('%s → %s', (error, code) => {
    const translated = translateMssqlError(error, { table: 'Fall' });
    expect(translated.code).toBe(code);
    expect(translated.cause).toBe(error);
    // Server messages may quote data or the login name: never copied.
    expect(JSON.stringify(translated.toJSON())).not.toMatch(/Muster|4711|casebridge'/);
  });

  it('keeps the server error number and driver code as details', () => {
    expect(translateMssqlError(request(2627), { table: 'Fall' }).details).toEqual({ table: 'Fall', sqlServerError: 2627, driverCode: 'EREQUEST' });
  });
});

describe('SQL Server configuration and driver without a server', () => {
  it('parses connection URLs, and a configuration never needs the password in an error', () => {
    expect(parseMssqlUrl('mssql://sa:S3cr%40t@db.example:1433/kiss?encrypt=false&trustServerCertificate=true')).toEqual({
      server: 'db.example',
      port: 1433,
      database: 'kiss',
      user: 'sa',
      password: 'S3cr@t',
      encrypt: false,
      trustServerCertificate: true,
    });
    expect(resolveMssqlConfig({ name: 'x', server: 'h' }).driver.options).toEqual({ encrypt: true });
    expect(resolveMssqlConfig({ name: 'x', connectionString: 'Server=h;Database=d;User Id=u;Password=p' }).adoConnectionString).toBe(
      'Server=h;Database=d;User Id=u;Password=p',
    );
    expect(() => resolveMssqlConfig({ name: 'x' })).toThrowError(expect.objectContaining({ code: 'CB_CONFIGURATION_INVALID' }));
    expect(() => resolveMssqlConfig({ name: 'x', connectionString: 'mssql://[bad' })).toThrowError(
      expect.objectContaining({ code: 'CB_CONFIGURATION_INVALID' }),
    );
  });

  it('a server that does not answer fails with CB_CONNECTION_FAILED and no password in the error', async () => {
    const secret = 'Very-Secret-4711';
    const connector = createMssqlConnector({
      name: 'x',
      server: '127.0.0.1',
      port: 1,
      user: 'sa',
      password: secret,
      connectionTimeoutMs: 3000,
      trustServerCertificate: true,
    });
    const driver = connector.createDriver();
    let error: unknown;
    try {
      await driver.init();
    } catch (e) {
      error = e;
    }
    const e = error as { code: string; message: string; toJSON(): unknown };
    expect(e.code).toBe('CB_CONNECTION_FAILED');
    expect(`${e.message} ${JSON.stringify(e.toJSON())}`).not.toContain(secret);
    await driver.destroy();
  });
});
