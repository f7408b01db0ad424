/**
 * Renders the mapping document as Markdown or as one self-contained HTML page (inline CSS, no scripts,
 * every text escaped). The output is deterministic (no timestamps), so it can be committed and diffed.
 */
import type { CompiledMapping } from '../dsl/define-mapping.js';
import { buildMappingDocument, type DocBlock } from './mapping-document-model.js';

/** Options of {@link renderMappingDocument}. */
export interface MappingDocumentOptions {
  readonly format: 'markdown' | 'html';
  /** Document title (default `Mapping document`). */
  readonly title?: string;
}

/** Renders the mapping document of the given compiled mappings. */
export function renderMappingDocument(mappings: readonly CompiledMapping[], options: MappingDocumentOptions): string {
  const blocks = buildMappingDocument(mappings, options.title ?? 'Mapping document');
  return options.format === 'markdown' ? renderMarkdown(blocks) : renderHtml(blocks, options.title ?? 'Mapping document');
}

/**
 * Escapes text for a Markdown table cell or paragraph: the characters that could break the structure or
 * inject markup (backslash, pipe, backtick, angle brackets, a leading `#`) and line breaks. Underscores and
 * stars stay, so column names read as written in the raw file.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/([\\`|<>])/g, '\\$1')
    .replace(/\r?\n/g, ' ')
    .replace(/^#/, '\\#');
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function renderMarkdown(blocks: readonly DocBlock[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading':
        out.push(`${'#'.repeat(b.level)} ${escapeMarkdown(b.text)}`, '');
        break;
      case 'paragraph':
        out.push(escapeMarkdown(b.text), '');
        break;
      case 'list':
        out.push(...b.items.map((i) => `- ${escapeMarkdown(i)}`), '');
        break;
      case 'table':
        out.push(`| ${b.table.headers.map(escapeMarkdown).join(' | ')} |`, `|${b.table.headers.map(() => '---').join('|')}|`);
        for (const row of b.table.rows) out.push(`| ${row.map(escapeMarkdown).join(' | ')} |`);
        out.push('');
        break;
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b;line-height:1.4}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:.9rem}th,td{border:1px solid #c8c8c8;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}h2{border-bottom:2px solid #d52b1e;padding-bottom:.2rem;margin-top:2.5rem}code{font-size:.85rem}`;

function renderHtml(blocks: readonly DocBlock[], title: string): string {
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
  ];
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading':
        out.push(`<h${b.level}>${escapeHtml(b.text)}</h${b.level}>`);
        break;
      case 'paragraph':
        out.push(`<p>${escapeHtml(b.text)}</p>`);
        break;
      case 'list':
        out.push(`<ul>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`);
        break;
      case 'table':
        out.push('<table>', `<thead><tr>${b.table.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>`, '<tbody>');
        for (const row of b.table.rows) out.push(`<tr>${row.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`);
        out.push('</tbody>', '</table>');
        break;
    }
  }
  out.push('</body>', '</html>');
  return `${out.join('\n')}\n`;
}
