/**
 * `casebridge validate <file>`: validate canonical records (JSON Lines, or a JSON array/object) against
 * the model and the record rules. Prints issues with stable codes, field paths and line references,
 * never values; exits 1 when any record has an error.
 */
import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { ConfigurationError, SourceFormatError } from '../../core/errors.js';
import { getModel } from '../../core/model/model-registry.js';
import type { ValidationIssue } from '../../core/model/validation-issue.js';
import { validateRecord } from '../../validators/validate-record.js';
import { cliContext, globalFlags, printJson, printLine } from '../cli-context.js';
import { EXIT_CODES } from '../exit-codes.js';

/** Most issues listed one by one; the counts stay exact. */
const LIST_LIMIT = 200;

/** Registers `validate`. */
export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .description('validate canonical records from a JSONL or JSON file against the model (issues by code, no values)')
    .argument('<file>', 'JSON Lines (one record per line) or JSON (array or one record)')
    .option('-e, --entity <entity>', 'canonical entity of the records (or give each line as {"entity": ..., "record": ...})')
    .action(async (file: string, opts: { entity?: string }, command: Command) => {
      const { io } = cliContext(command);
      const entities = new Set(getModel().entities.map((e) => e.name));
      if (opts.entity !== undefined && !entities.has(opts.entity)) {
        throw new ConfigurationError(`Unknown entity "${opts.entity}".`, { details: { option: '--entity', known: [...entities].sort().join(',') } });
      }
      const source = path.resolve(io.cwd, file);
      if (!existsSync(source)) {
        command.error(
          `error: validate: the file ${file} does not exist (looked in ${io.cwd}). Give the path of a JSON Lines or JSON file of canonical records.`,
          {
            exitCode: EXIT_CODES.USAGE,
            code: 'casebridge.fileNotFound',
          },
        );
      }
      let records = 0;
      let invalid = 0;
      const byCode = new Map<string, number>();
      const listed: ValidationIssue[] = [];
      for await (const { ref, value } of readRecords(source)) {
        records += 1;
        const wrapped = typeof value === 'object' && value !== null && 'entity' in value && 'record' in value;
        const entity = wrapped ? String((value as { entity: unknown }).entity) : opts.entity;
        const record = wrapped ? (value as { record: unknown }).record : value;
        if (entity === undefined)
          throw new ConfigurationError('validate: pass --entity or wrap each record as {"entity": ..., "record": ...}.', {
            details: { file: source, record: ref },
          });
        const result = entities.has(entity)
          ? validateRecord(entity, record)
          : {
              ok: false,
              issues: [{ code: 'model.unknown_entity', severity: 'error', entity, path: '', message: 'Unknown canonical entity.' } as ValidationIssue],
            };
        if (!result.ok) invalid += 1;
        for (const issue of result.issues) {
          byCode.set(issue.code, (byCode.get(issue.code) ?? 0) + 1);
          if (listed.length < LIST_LIMIT) listed.push({ ...issue, recordRef: ref });
        }
      }
      const counts = Object.fromEntries([...byCode].sort(([, a], [, b]) => b - a));
      cliContext(command).exitCode = invalid > 0 ? EXIT_CODES.WARNINGS : EXIT_CODES.OK;
      if (globalFlags(command).json) {
        printJson(command, {
          ok: invalid === 0,
          records,
          invalid,
          issuesByCode: counts,
          issues: listed.map(({ code, severity, entity, path: p, recordRef, message }) => ({ code, severity, entity, path: p, recordRef, message })),
        });
        return;
      }
      printLine(command, `${records} records checked: ${records - invalid} valid, ${invalid} with errors.`);
      for (const issue of listed)
        printLine(command, `  ${issue.recordRef ?? ''}  ${issue.severity.padEnd(7)} ${issue.code}  ${issue.entity}${issue.path}  ${issue.message}`);
      if (byCode.size > 0) {
        printLine(command, 'Issues by code:');
        for (const [code, n] of Object.entries(counts)) printLine(command, `  ${code}: ${n}`);
      }
    });
}

/** Streams records with a reference (`line:N` or `item:N`). */
async function* readRecords(file: string): AsyncGenerator<{ ref: string; value: unknown }> {
  if (file.endsWith('.json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
    } catch (cause) {
      throw new SourceFormatError(`Not valid JSON: ${(cause as Error).message.replace(/".*"/, '…')}`, { cause, details: { file } });
    }
    const items = Array.isArray(parsed) ? parsed : [parsed];
    for (const [i, value] of items.entries()) yield { ref: `item:${i + 1}`, value };
    return;
  }
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n += 1;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line) as unknown;
    } catch (cause) {
      // The parser's message may quote the line's text: report the position only.
      throw new SourceFormatError(`Line ${n} is not valid JSON.`, { cause, details: { file, line: n } });
    }
    yield { ref: `line:${n}`, value };
  }
}
