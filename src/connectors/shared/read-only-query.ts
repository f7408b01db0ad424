/**
 * The read-only check of a query source: one `SELECT` or `WITH` statement and nothing that writes. A
 * lexical check (comments, string literals and quoted identifiers are skipped), so it is strict rather
 * than clever: a keyword that could write anywhere outside a literal refuses the query. SQL connectors
 * also run the query in a read-only transaction where the dialect has one.
 */
import { ConfigurationError } from '../../core/errors.js';

const WRITING = /\b(insert|update|delete|merge|upsert|into|create|alter|drop|truncate|grant|revoke|exec|execute|call|copy|lock|vacuum|outfile|dumpfile)\b/i;

/** The query without comments, literals and quoted identifiers (replaced by a space), for the check. */
function stripLiterals(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end;
      out += ' ';
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
      out += ' ';
    } else if (c === "'" || c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c;
      let j = i + 1;
      for (; j < sql.length; j++) {
        if (sql[j] === close) {
          if (sql[j + 1] === close) j++;
          else break;
        }
      }
      i = j + 1;
      out += ' x ';
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * Returns the query without a trailing `;`; throws ConfigurationError naming mapping `mapping` and the
 * field `source.query` unless it is a single `SELECT`/`WITH` statement without writing keywords.
 */
export function assertReadOnlyQuery(mapping: string, query: string): string {
  const fail = (why: string): never => {
    throw new ConfigurationError(`Mapping "${mapping}", source.query: ${why}.`, { details: { mapping, field: 'source.query' } });
  };
  const trimmed = query.trim().replace(/;\s*$/, '');
  const bare = stripLiterals(trimmed).trim();
  if (!/^(select|with)\b/i.test(bare)) fail('a query source is one SELECT or WITH statement');
  if (bare.includes(';')) fail('a query source is a single statement');
  const writing = WRITING.exec(bare);
  if (writing) fail(`the keyword ${writing[1]!.toUpperCase()} is not allowed in a read-only query`);
  return trimmed;
}
