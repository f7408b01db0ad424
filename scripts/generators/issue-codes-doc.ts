/**
 * `docs/issue-codes.md`: every issue code of the registry (`ISSUE_CODE_MEANINGS`) with its meaning, by
 * family, so that the reference cannot drift from the code that produces and explains them.
 */
import { ISSUE_CODE_MEANINGS } from '../../src/core/issue-codes.js';
import { checksumOf, markdownBanner, type Generator } from './generator.js';

const GENERATOR_VERSION = 'issue-codes-doc-1';

/** The issue-codes reference generator. */
export const issueCodesDocGenerator: Generator = {
  name: 'issue-codes-doc',
  ownedDirs: [],
  generate() {
    const families = new Map<string, string[]>();
    for (const [code, { meaning }] of Object.entries(ISSUE_CODE_MEANINGS)) {
      const family = code.slice(0, code.indexOf('.'));
      const rows = families.get(family) ?? [];
      rows.push(`| \`${code}\` | ${meaning.replace(/\|/g, '\\|')} |`);
      families.set(family, rows);
    }
    const body = [
      '# Issue codes',
      '',
      'A validation issue is data, not an error: it quarantines a row (severity `error`), loads it with a warning, or flags a loaded record for review. Each carries one of these stable dotted codes (never renamed). The run report shows the sentence beside the code; thresholds can name a code (`issue:<code>`). A mapping may declare codes of its own; those appear in reports without a sentence.',
      '',
      'Errors that stop a run have `CB_*` codes instead: see [errors.md](errors.md).',
      '',
      ...[...families].flatMap(([family, rows]) => [`## ${family}`, '', '| Code | Meaning |', '| --- | --- |', ...rows, '']),
    ].join('\n');
    return Promise.resolve([{ path: 'docs/issue-codes.md', content: `${markdownBanner(checksumOf(GENERATOR_VERSION, body))}${body}` }]);
  },
};
