import { describe, expect, it } from 'vitest';
import {
  columnsQuery,
  controlTotalsQuery,
  foreignKeysQuery,
  keysetCondition,
  keysetPage,
  parseTableName,
  quoteIdentifier,
  rowCountQuery,
  selectExpression,
  type MssqlColumnSql,
} from '../src/connectors/mssql/mssql-sql.js';
import { toColumnSql } from '../src/connectors/mssql/mssql-type-map.js';

const col = (name: string, dataType: string, extra: Record<string, number> = {}): MssqlColumnSql => toColumnSql({ name, dataType, ...extra });

describe('identifiers', () => {
  it.each([
    ['Person', '[Person]'],
    ['a]b', '[a]]b]'],
    ['with space', '[with space]'],
    ['x]]', '[x]]]]]'],
  ])('quoteIdentifier(%j) = %s', (name, want) => expect(quoteIdentifier(name)).toBe(want));

  it.each([
    ['Person', { schema: 'dbo', table: 'Person' }],
    ['kiss.Person', { schema: 'kiss', table: 'Person' }],
    ['[my.schema].[Per]]son]', { schema: 'my.schema', table: 'Per]son' }],
    ['[dbo].Person', { schema: 'dbo', table: 'Person' }],
  ])('parseTableName(%j)', (ref, want) => expect(parseTableName(ref, 'dbo')).toEqual(want));
});

describe('keyset pagination', () => {
  const id = col('id', 'int');
  const tenant = col('tenant', 'nvarchar', { maxLength: 20 });
  const seq = col('seq', 'int');
  const at = col('at', 'datetime2', { datetimePrecision: 7 });

  it('first page: TOP (@n), no WHERE, ORDER BY the key', () => {
    expect(
      keysetPage({ table: { schema: 'dbo', table: 'Person' }, columns: [id, col('name', 'nvarchar', { maxLength: 40 })], keys: [id], batchSize: 500 }),
    ).toEqual({
      sql: 'SELECT TOP (@n) [id], [name] FROM [dbo].[Person] ORDER BY [id]',
      params: { n: 500 },
    });
  });

  it('single key: (k > @p1) with the parameter cast to the key type', () => {
    expect(keysetPage({ table: { schema: 'dbo', table: 'Person' }, columns: [id], keys: [id], batchSize: 7, after: ['42'] })).toEqual({
      sql: 'SELECT TOP (@n) [id] FROM [dbo].[Person] WHERE ([id] > CAST(@p1 AS int)) ORDER BY [id]',
      params: { n: 7, p1: '42' },
    });
  });

  it('composite key expands to OR of AND (SQL Server has no row-value comparison)', () => {
    expect(keysetCondition([tenant, seq])).toBe(
      '([tenant] > CAST(@p1 AS nvarchar(20))) OR ([tenant] = CAST(@p1 AS nvarchar(20)) AND [seq] > CAST(@p2 AS int))',
    );
    expect(keysetCondition([tenant, seq, at])).toBe(
      '([tenant] > CAST(@p1 AS nvarchar(20))) OR ' +
        '([tenant] = CAST(@p1 AS nvarchar(20)) AND [seq] > CAST(@p2 AS int)) OR ' +
        '([tenant] = CAST(@p1 AS nvarchar(20)) AND [seq] = CAST(@p2 AS int) AND [at] > CAST(@p3 AS datetime2(7)))',
    );
    const page = keysetPage({ table: { schema: 's]x', table: 'K' }, columns: [tenant, seq], keys: [tenant, seq], batchSize: 2, after: ['Ä', '-1'] });
    expect(page.sql).toBe(
      'SELECT TOP (@n) [tenant], [seq] FROM [s]]x].[K] WHERE ([tenant] > CAST(@p1 AS nvarchar(20))) OR ([tenant] = CAST(@p1 AS nvarchar(20)) AND [seq] > CAST(@p2 AS int)) ORDER BY [tenant], [seq]',
    );
    expect(page.params).toEqual({ n: 2, p1: 'Ä', p2: '-1' });
  });

  it('delta read: the stamp bound is cast to the column type, keeps NULL stamps and ANDs with the keyset', () => {
    const stamp = col('changed_at', 'datetime2', { datetimePrecision: 7 });
    const first = keysetPage({
      table: { schema: 'dbo', table: 'Person' },
      columns: [id, stamp],
      keys: [id],
      batchSize: 100,
      since: { column: stamp, after: '2026-03-01T09:45:00.1234567' },
    });
    expect(first).toEqual({
      sql: 'SELECT TOP (@n) [id], CONVERT(varchar(27), [changed_at], 126) AS [changed_at] FROM [dbo].[Person] WHERE ([changed_at] > CAST(@since AS datetime2(7)) OR [changed_at] IS NULL) ORDER BY [id]',
      params: { n: 100, since: '2026-03-01T09:45:00.1234567' },
    });
    const next = keysetPage({
      table: { schema: 'dbo', table: 'K' },
      columns: [tenant, seq],
      keys: [tenant, seq],
      batchSize: 2,
      after: ['A', '7'],
      since: { column: seq, after: '41' },
    });
    expect(next.sql).toBe(
      'SELECT TOP (@n) [tenant], [seq] FROM [dbo].[K] WHERE ([seq] > CAST(@since AS int) OR [seq] IS NULL) AND (([tenant] > CAST(@p1 AS nvarchar(20))) OR ([tenant] = CAST(@p1 AS nvarchar(20)) AND [seq] > CAST(@p2 AS int))) ORDER BY [tenant], [seq]',
    );
    expect(next.params).toEqual({ n: 2, since: '41', p1: 'A', p2: '7' });
  });

  it('binary keys travel as hex and convert with style 2', () => {
    expect(keysetCondition([col('hash', 'varbinary', { maxLength: 32 })])).toBe('([hash] > CONVERT(varbinary(32), @p1, 2))');
  });
});

describe('select expressions deliver exact text', () => {
  it.each([
    [col('a', 'decimal', { precision: 38, scale: 10 }), 'CONVERT(varchar(60), [a]) AS [a]'],
    [col('a', 'money'), 'CONVERT(varchar(60), [a], 2) AS [a]'],
    [col('a', 'smallmoney'), 'CONVERT(varchar(60), [a], 2) AS [a]'],
    [col('a', 'bigint'), 'CONVERT(varchar(20), [a]) AS [a]'],
    [col('a', 'date'), 'CONVERT(char(10), [a], 23) AS [a]'],
    [col('a', 'datetime2', { datetimePrecision: 7 }), 'CONVERT(varchar(27), [a], 126) AS [a]'],
    [col('a', 'datetime'), 'CONVERT(varchar(27), [a], 126) AS [a]'],
    [col('a', 'smalldatetime'), 'CONVERT(varchar(27), [a], 126) AS [a]'],
    [col('a', 'datetimeoffset', { datetimePrecision: 7 }), "CONVERT(varchar(34), SWITCHOFFSET([a], '+00:00'), 127) AS [a]"],
    [col('a', 'time', { datetimePrecision: 7 }), 'CONVERT(varchar(16), [a]) AS [a]'],
    [col('a', 'int'), '[a]'],
    [col('a', 'uniqueidentifier'), '[a]'],
    [col('a]', 'nvarchar', { maxLength: -1 }), '[a]]]'],
  ])('%j', (column, want) => expect(selectExpression(column)).toBe(want));

  it.each([
    [{ name: 'n', dataType: 'nvarchar', maxLength: -1 }, 'nvarchar(max)'],
    [{ name: 'n', dataType: 'varchar', maxLength: 40 }, 'varchar(40)'],
    [{ name: 'n', dataType: 'numeric', precision: 19, scale: 2 }, 'numeric(19,2)'],
    [{ name: 'n', dataType: 'datetime2', datetimePrecision: 3 }, 'datetime2(3)'],
    [{ name: 'n', dataType: 'INT' }, 'int'],
  ])('engine type of %j is %s', (info, want) => expect(toColumnSql(info).sqlType).toBe(want));
});

describe('control totals', () => {
  const table = { schema: 'dbo', table: 'Buchung' };
  it('count only', () => {
    expect(controlTotalsQuery({ table, groupBy: [], sumColumns: [] })).toEqual({ sql: 'SELECT COUNT_BIG(*) AS [count] FROM [dbo].[Buchung]', params: {} });
  });

  it('per year and group, sums widened so that neither int nor bigint overflows and decimals keep their scale', () => {
    const { sql } = controlTotalsQuery({
      table,
      yearColumn: col('booked_on', 'date'),
      groupBy: [col('type', 'varchar', { maxLength: 10 })],
      sumColumns: [col('amount', 'decimal', { precision: 38, scale: 10 }), col('big', 'bigint'), col('fee', 'money'), col('ratio', 'float')],
    });
    expect(sql).toBe(
      'SELECT YEAR([booked_on]) AS [year], CONVERT(nvarchar(4000), [type]) AS [g0], COUNT_BIG(*) AS [count], ' +
        'CONVERT(varchar(60), SUM(CAST([amount] AS DECIMAL(38,10)))) AS [s0], ' +
        'CONVERT(varchar(60), SUM(CAST([big] AS DECIMAL(38,0)))) AS [s1], ' +
        'CONVERT(varchar(60), SUM(CAST([fee] AS DECIMAL(38,4)))) AS [s2], ' +
        'CONVERT(varchar(60), CAST(SUM([ratio]) AS DECIMAL(38,4))) AS [s3] ' +
        'FROM [dbo].[Buchung] GROUP BY YEAR([booked_on]), [type] ORDER BY [year], [g0]',
    );
  });

  it('filters with WHERE and signs each amount with a CASE, codes bound as parameters', () => {
    const type = col('type', 'varchar', { maxLength: 10 });
    const stmt = controlTotalsQuery({
      table,
      groupBy: [],
      sumColumns: [col('amount', 'decimal', { precision: 19, scale: 2 })],
      where: [{ column: type, notIn: ['X'] }],
      negateWhen: [{ column: type, in: ['E', "O'R"] }],
    });
    expect(stmt.sql).toBe(
      'SELECT COUNT_BIG(*) AS [count], ' +
        'CONVERT(varchar(60), SUM(CASE WHEN (CONVERT(nvarchar(4000), [type]) IN (@c0, @c1)) THEN -(CAST([amount] AS DECIMAL(38,2))) ELSE CAST([amount] AS DECIMAL(38,2)) END)) AS [s0] ' +
        'FROM [dbo].[Buchung] WHERE (([type] IS NULL OR CONVERT(nvarchar(4000), [type]) NOT IN (@c2)))',
    );
    expect(stmt.params).toEqual({ c0: 'E', c1: "O'R", c2: 'X' });
  });
});

describe('introspection queries', () => {
  it('bind schema and table as parameters and quote the object name for OBJECT_ID', () => {
    expect(columnsQuery({ schema: 'dbo', table: "O'Brien" }).params).toEqual({ schema: 'dbo', table: "O'Brien" });
    expect(columnsQuery({ schema: 'dbo', table: 'x' }).sql).toContain(
      'FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = @schema AND TABLE_NAME = @table ORDER BY ORDINAL_POSITION',
    );
    expect(foreignKeysQuery({ schema: 'dbo', table: 'a]b' }).params).toEqual({ object: '[dbo].[a]]b]' });
    expect(rowCountQuery({ schema: 'dbo', table: 'Fall' }).sql).toBe('SELECT CONVERT(varchar(20), COUNT_BIG(*)) AS [count] FROM [dbo].[Fall]');
  });
});
