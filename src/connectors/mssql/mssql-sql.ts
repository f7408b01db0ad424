/**
 * T-SQL generation of the SQL Server connector, pure and unit-tested without a server: bracket-quoted
 * identifiers, keyset pagination (SQL Server has no row-value comparison, so composite keys expand to
 * `(k1 > @p1) OR (k1 = @p1 AND k2 > @p2)`), control totals and introspection queries.
 *
 * Every value travels as a named parameter; identifiers are quoted, never parameters. Key parameters
 * are sent as text and converted with `CAST(@pN AS <column type>)` on the parameter side, so the
 * comparison happens in the column's own type and collation and the key column stays sargable.
 */

/** A statement with named parameters (`@n`, `@p1`, …); values are strings, numbers or null. */
export interface MssqlStatement {
  readonly sql: string;
  readonly params: Readonly<Record<string, string | number | null>>;
}

/** Schema and table name of a SQL Server table. */
export interface MssqlTableName {
  readonly schema: string;
  readonly table: string;
}

/** A column as the SQL generator needs it: name, engine type (`int`, `datetime2(7)`) and base type. */
export interface MssqlColumnSql {
  readonly name: string;
  /** Full engine type for CAST, e.g. `decimal(38,10)`, `nvarchar(40)`, `varchar(max)`. */
  readonly sqlType: string;
  /** Base type name in lower case, e.g. `decimal`, `nvarchar`, `datetime2`. */
  readonly baseType: string;
  readonly scale?: number;
}

/** Quotes an identifier in brackets, doubling `]`: `a]b` → `[a]]b]`. */
export function quoteIdentifier(name: string): string {
  return `[${name.replaceAll(']', ']]')}]`;
}

/** `[schema].[table]`. */
export function qualifiedName(name: MssqlTableName): string {
  return `${quoteIdentifier(name.schema)}.${quoteIdentifier(name.table)}`;
}

/**
 * Splits a table reference: `Person`, `dbo.Person` or `[my.schema].[Per]]son]`. A bare name lives in
 * `defaultSchema`.
 */
export function parseTableName(reference: string, defaultSchema: string): MssqlTableName {
  const parts: string[] = [];
  let i = 0;
  while (i < reference.length) {
    if (reference[i] === '[') {
      let j = i + 1;
      let part = '';
      for (; j < reference.length; j++) {
        if (reference[j] === ']') {
          if (reference[j + 1] === ']') {
            part += ']';
            j++;
            continue;
          }
          break;
        }
        part += reference[j];
      }
      parts.push(part);
      i = j + 1;
    } else {
      const dot = reference.indexOf('.', i);
      const end = dot === -1 ? reference.length : dot;
      parts.push(reference.slice(i, end));
      i = end;
    }
    if (reference[i] === '.') i++;
  }
  if (parts.length === 2) return { schema: parts[0] ?? defaultSchema, table: parts[1] ?? '' };
  return { schema: defaultSchema, table: parts.join('.') || reference };
}

const INTEGER_TYPES = new Set(['int', 'smallint', 'tinyint', 'bigint']);
const DATETIME_TYPES = new Set(['datetime', 'datetime2', 'smalldatetime']);
const BINARY_TYPES = new Set(['binary', 'varbinary']);

/**
 * The SELECT expression of a column. Exact or high-precision values are converted to text on the
 * server, because tedious hands decimals/money out as JS numbers and date/time values as JS Dates with
 * millisecond precision (and reinterprets them under `useUTC`): the text is lossless and independent
 * of the client's time zone. Style 2 keeps money's 4 decimals; 23 is `yyyy-mm-dd`; 126 is ISO 8601
 * with every fractional digit the type has (datetime2(7): 7); datetimeoffset is moved to UTC first.
 */
export function selectExpression(column: MssqlColumnSql): string {
  const c = quoteIdentifier(column.name);
  switch (column.baseType) {
    case 'decimal':
    case 'numeric':
      return `CONVERT(varchar(60), ${c}) AS ${c}`;
    case 'money':
    case 'smallmoney':
      return `CONVERT(varchar(60), ${c}, 2) AS ${c}`;
    case 'bigint':
      return `CONVERT(varchar(20), ${c}) AS ${c}`;
    case 'date':
      return `CONVERT(char(10), ${c}, 23) AS ${c}`;
    case 'datetime':
    case 'datetime2':
    case 'smalldatetime':
      return `CONVERT(varchar(27), ${c}, 126) AS ${c}`;
    case 'datetimeoffset':
      return `CONVERT(varchar(34), SWITCHOFFSET(${c}, '+00:00'), 127) AS ${c}`;
    case 'time':
      return `CONVERT(varchar(16), ${c}) AS ${c}`;
    default:
      return c;
  }
}

/** The expression that turns key parameter `@name` (text) back into the key column's type. */
export function keyParameter(column: MssqlColumnSql, name: string): string {
  // Binary keys travel as hex; style 2 reads hex without the 0x prefix.
  if (BINARY_TYPES.has(column.baseType)) return `CONVERT(${column.sqlType}, @${name}, 2)`;
  return `CAST(@${name} AS ${column.sqlType})`;
}

/**
 * The keyset condition "after `values`" for key columns `keys`, with parameters `@p1…@pn`:
 * `([k1] > @p1) OR ([k1] = @p1 AND [k2] > @p2) OR …` (parameters wrapped in {@link keyParameter}).
 */
export function keysetCondition(keys: readonly MssqlColumnSql[]): string {
  const params = keys.map((k, i) => keyParameter(k, `p${i + 1}`));
  const disjuncts = keys.map((key, i) => {
    const equal = keys.slice(0, i).map((k, j) => `${quoteIdentifier(k.name)} = ${params[j]}`);
    return `(${[...equal, `${quoteIdentifier(key.name)} > ${params[i]}`].join(' AND ')})`;
  });
  return disjuncts.join(' OR ');
}

/** One page of a keyset-paginated read. */
export interface KeysetPageRequest {
  readonly table: MssqlTableName;
  /** A derived table (`(SELECT …) AS [src]`) read instead of `table`, for join and query sources. */
  readonly from?: string;
  readonly columns: readonly MssqlColumnSql[];
  readonly keys: readonly MssqlColumnSql[];
  readonly batchSize: number;
  /** Key values of the last row already read, as text (see the module comment; NULL only in a join's key); first page when omitted. */
  readonly after?: readonly (string | null)[];
  /** Delta bound: only rows whose column is greater than `after` (text, cast to the column's type) or NULL. */
  readonly since?: { readonly column: MssqlColumnSql; readonly after: string };
}

/** `SELECT TOP (@n) … FROM … [WHERE [delta bound AND] keyset] ORDER BY keys`. */
export function keysetPage(request: KeysetPageRequest): MssqlStatement {
  const params: Record<string, string | number | null> = { n: request.batchSize };
  const conditions: string[] = [];
  if (request.since) {
    // NULL stamps are read every time: no bound can tell whether such a row changed.
    const c = quoteIdentifier(request.since.column.name);
    conditions.push(`(${c} > ${keyParameter(request.since.column, 'since')} OR ${c} IS NULL)`);
    params['since'] = request.since.after;
  }
  if (request.after) conditions.push(request.since ? `(${keysetCondition(request.keys)})` : keysetCondition(request.keys));
  const where = conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
  request.after?.forEach((value, i) => {
    params[`p${i + 1}`] = value;
  });
  const sql =
    `SELECT TOP (@n) ${request.columns.map(selectExpression).join(', ')} FROM ${request.from ?? qualifiedName(request.table)}` +
    `${where} ORDER BY ${request.keys.map((k) => quoteIdentifier(k.name)).join(', ')}`;
  return { sql, params };
}

/**
 * The expression summed exactly: integers are widened to DECIMAL(38,0) (SUM(int) and SUM(bigint)
 * overflow), decimals keep their scale at precision 38, money has 4 decimals. Float columns are
 * rounded to 4 decimals, the best a float allows.
 */
export function sumExpression(column: MssqlColumnSql, negateWhen?: string): string {
  const c = quoteIdentifier(column.name);
  // With a sign condition, each value is negated inside the SUM (after widening, so no overflow).
  const signed = (value: string): string => (negateWhen === undefined ? value : `CASE WHEN ${negateWhen} THEN -(${value}) ELSE ${value} END`);
  if (INTEGER_TYPES.has(column.baseType) || column.baseType === 'bit') return `SUM(${signed(`CAST(${c} AS DECIMAL(38,0))`)})`;
  if (column.baseType === 'decimal' || column.baseType === 'numeric') return `SUM(${signed(`CAST(${c} AS DECIMAL(38,${column.scale ?? 0}))`)})`;
  if (column.baseType === 'money' || column.baseType === 'smallmoney') return `SUM(${signed(`CAST(${c} AS DECIMAL(38,4))`)})`;
  return `CAST(SUM(${signed(c)}) AS DECIMAL(38,4))`;
}

/** A control-total condition on a column as text, with named parameters `@c0…` added to `params`. */
export interface MssqlCondition {
  readonly column: MssqlColumnSql;
  readonly in?: readonly string[];
  readonly notIn?: readonly string[];
}

function conditionsSql(conditions: readonly MssqlCondition[], params: Record<string, string | number | null>): string {
  const list = (codes: readonly string[]): string =>
    codes
      .map((code) => {
        const name = `c${Object.keys(params).length}`;
        params[name] = code;
        return `@${name}`;
      })
      .join(', ');
  return conditions
    .map((condition) => {
      const c = quoteIdentifier(condition.column.name);
      const text = DATETIME_TYPES.has(condition.column.baseType) ? `CONVERT(nvarchar(4000), ${c}, 126)` : `CONVERT(nvarchar(4000), ${c})`;
      const parts: string[] = [];
      if (condition.in !== undefined) parts.push(condition.in.length === 0 ? '1 = 0' : `${text} IN (${list(condition.in)})`);
      if (condition.notIn !== undefined && condition.notIn.length > 0) parts.push(`(${c} IS NULL OR ${text} NOT IN (${list(condition.notIn)}))`);
      return parts.length === 0 ? '1 = 1' : `(${parts.join(' AND ')})`;
    })
    .join(' AND ');
}

/** What a control total groups and sums. */
export interface ControlTotalsSqlRequest {
  readonly table: MssqlTableName;
  readonly yearColumn?: MssqlColumnSql;
  readonly groupBy: readonly MssqlColumnSql[];
  readonly sumColumns: readonly MssqlColumnSql[];
  /** Only rows for which every condition holds. */
  readonly where?: readonly MssqlCondition[];
  /** Rows for which every condition holds add their amounts negated. */
  readonly negateWhen?: readonly MssqlCondition[];
}

/**
 * `SELECT YEAR(d) AS [year], CONVERT(nvarchar(4000), g) AS [g0], COUNT_BIG(*) AS [count],
 * CONVERT(varchar(60), SUM(…)) AS [s0] … GROUP BY … ORDER BY …`. Aliases are positional so that
 * column names can never collide with `year` or `count`.
 */
export function controlTotalsQuery(request: ControlTotalsSqlRequest): MssqlStatement {
  const select: string[] = [];
  const group: string[] = [];
  const order: string[] = [];
  if (request.yearColumn) {
    const year = `YEAR(${quoteIdentifier(request.yearColumn.name)})`;
    select.push(`${year} AS [year]`);
    group.push(year);
    order.push('[year]');
  }
  request.groupBy.forEach((column, i) => {
    const c = quoteIdentifier(column.name);
    const text = DATETIME_TYPES.has(column.baseType) ? `CONVERT(nvarchar(4000), ${c}, 126)` : `CONVERT(nvarchar(4000), ${c})`;
    select.push(`${text} AS [g${i}]`);
    group.push(c);
    order.push(`[g${i}]`);
  });
  select.push('COUNT_BIG(*) AS [count]');
  const params: Record<string, string | number | null> = {};
  const negate = request.negateWhen !== undefined && request.negateWhen.length > 0 ? conditionsSql(request.negateWhen, params) : undefined;
  for (const [i, column] of request.sumColumns.entries()) select.push(`CONVERT(varchar(60), ${sumExpression(column, negate)}) AS [s${i}]`);
  const where = request.where !== undefined && request.where.length > 0 ? ` WHERE ${conditionsSql(request.where, params)}` : '';
  const sql =
    `SELECT ${select.join(', ')} FROM ${qualifiedName(request.table)}${where}` +
    (group.length > 0 ? ` GROUP BY ${group.join(', ')} ORDER BY ${order.join(', ')}` : '');
  return { sql, params };
}

/** Base tables of a schema. */
export function listTablesQuery(schema: string): MssqlStatement {
  return {
    sql: "SELECT TABLE_NAME AS [name] FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA = @schema ORDER BY TABLE_NAME",
    params: { schema },
  };
}

/** Columns with type, nullability, length, precision and scale, in ordinal order. */
export function columnsQuery(name: MssqlTableName): MssqlStatement {
  return {
    sql:
      'SELECT COLUMN_NAME AS [name], DATA_TYPE AS [dataType], IS_NULLABLE AS [nullable], ' +
      'CHARACTER_MAXIMUM_LENGTH AS [maxLength], NUMERIC_PRECISION AS [precision], NUMERIC_SCALE AS [scale], ' +
      'DATETIME_PRECISION AS [datetimePrecision], CHARACTER_SET_NAME AS [charset] ' +
      'FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = @schema AND TABLE_NAME = @table ORDER BY ORDINAL_POSITION',
    params: { schema: name.schema, table: name.table },
  };
}

/** Primary-key columns in key order. */
export function primaryKeyQuery(name: MssqlTableName): MssqlStatement {
  return {
    sql:
      'SELECT kcu.COLUMN_NAME AS [name] FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc ' +
      'JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE kcu ON kcu.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA ' +
      'AND kcu.CONSTRAINT_NAME = tc.CONSTRAINT_NAME AND kcu.TABLE_NAME = tc.TABLE_NAME ' +
      "WHERE tc.CONSTRAINT_TYPE = 'PRIMARY KEY' AND tc.TABLE_SCHEMA = @schema AND tc.TABLE_NAME = @table " +
      'ORDER BY kcu.ORDINAL_POSITION',
    params: { schema: name.schema, table: name.table },
  };
}

/** Foreign keys from sys.foreign_keys, one row per column pair, in constraint-column order. */
export function foreignKeysQuery(name: MssqlTableName): MssqlStatement {
  return {
    sql:
      'SELECT fk.name AS [name], pc.name AS [column], rs.name AS [refSchema], rt.name AS [refTable], rc.name AS [refColumn] ' +
      'FROM sys.foreign_keys fk ' +
      'JOIN sys.foreign_key_columns fkc ON fkc.constraint_object_id = fk.object_id ' +
      'JOIN sys.columns pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = fkc.parent_column_id ' +
      'JOIN sys.tables rt ON rt.object_id = fkc.referenced_object_id ' +
      'JOIN sys.schemas rs ON rs.schema_id = rt.schema_id ' +
      'JOIN sys.columns rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id ' +
      'WHERE fk.parent_object_id = OBJECT_ID(@object) ORDER BY fk.name, fkc.constraint_column_id',
    params: { object: qualifiedName(name) },
  };
}

/** Exact row count (COUNT_BIG, returned as text). */
export function rowCountQuery(name: MssqlTableName): MssqlStatement {
  return { sql: `SELECT CONVERT(varchar(20), COUNT_BIG(*)) AS [count] FROM ${qualifiedName(name)}`, params: {} };
}

/** The result columns of a query (`name`, `system_type_name` such as `decimal(18,2)`), for a query source. */
export function describeQueryResultQuery(query: string): MssqlStatement {
  return {
    sql: 'SELECT [name], [system_type_name] AS [type] FROM sys.dm_exec_describe_first_result_set(@query, NULL, 0) ORDER BY [column_ordinal]',
    params: { query },
  };
}

/** A result column's `system_type_name` (`nvarchar(40)`, `decimal(18,2)`) as the generator's column facts. */
export function columnFromTypeName(name: string, typeName: string): MssqlColumnSql {
  const sqlType = typeName.toLowerCase();
  const baseType = sqlType.replace(/\(.*$/, '').trim();
  const scale = /^(?:decimal|numeric)\(\d+,\s*(\d+)\)/.exec(sqlType)?.[1];
  return {
    name,
    sqlType,
    baseType,
    ...(scale === undefined ? {} : { scale: Number(scale) }),
    ...(baseType === 'money' || baseType === 'smallmoney' ? { scale: 4 } : {}),
  };
}
