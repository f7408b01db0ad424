/** Building blocks of the Markdown reports: cell escaping and tables (`#Header` right-aligns a column; `empty` is the text of a table without rows). */
import { formatCount } from './html-kit.js';

/** Escapes a value for a Markdown table cell. */
export function escapeMarkdownCell(value: unknown): string {
  return String(value)
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
    .replace(/([`*_<>[\]])/g, '\\$1');
}

/** A Markdown table; numbers get Swiss thousands separators, `_None._` when there are no rows. */
export function mdTable(headers: readonly string[], rows: readonly (readonly (string | number)[])[], empty = 'None.'): string {
  if (rows.length === 0) return `_${escapeMarkdownCell(empty)}_\n`;
  const fmt = (c: string | number): string => (typeof c === 'number' ? formatCount(c) : escapeMarkdownCell(c));
  const align = headers.map((h) => (h.startsWith('#') ? '---:' : '---'));
  return `${[
    `| ${headers.map((h) => escapeMarkdownCell(h.replace(/^#/, ''))).join(' | ')} |`,
    `| ${align.join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(fmt).join(' | ')} |`),
  ].join('\n')}\n`;
}
