/**
 * `casebridge codes extract`: the distinct codes of a source column with their frequencies, written as a
 * code-list map skeleton CSV (`source_code;…;status;…;frequency`) for the commune's specialists to fill
 * in and approve. Frequencies below 5 are shown as `<5`.
 */
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { extractCodes } from '../../mappings/codes/extract-codes.js';
import { suppressSmall } from '../../mappings/codes/code-coverage.js';
import { writeCodeListSkeleton } from '../../mappings/codes/code-list-skeleton.js';
import { cliContext, globalFlags, printJson, printLine } from '../cli-context.js';
import { sourceFromOptions, withSourceOptions, type SourceOptions } from '../source-options.js';

/** Registers `codes extract`. */
export function registerCodesCommand(program: Command): void {
  const codes = program.command('codes').description('work with code-list maps');
  withSourceOptions(
    codes
      .command('extract')
      .description('extract the distinct codes of a source column into a code-list map skeleton CSV')
      .requiredOption('-t, --table <table>', 'source table (or file table name)')
      .requiredOption('--column <column>', 'the code column')
      .option('--label <column>', 'a label column in the same table')
      .option('-o, --out <file>', 'write the skeleton CSV here (default: stdout)')
      .option('--delimiter <char>', 'CSV delimiter: ; or ,', ';'),
  ).action(async (opts: SourceOptions & { table: string; column: string; label?: string; out?: string; delimiter: string }, command: Command) => {
    const { io } = cliContext(command);
    const connector = await sourceFromOptions(opts, io);
    const extracted = await extractCodes(connector, {
      table: opts.table,
      column: opts.column,
      ...(opts.label !== undefined ? { labelColumn: opts.label } : {}),
    });
    const csv = writeCodeListSkeleton(extracted, { delimiter: opts.delimiter === ',' ? ',' : ';' });
    let out: string | undefined;
    if (opts.out !== undefined) {
      out = path.resolve(io.cwd, opts.out);
      await mkdir(path.dirname(out), { recursive: true });
      await writeFile(out, csv, 'utf8');
    }
    if (globalFlags(command).json) {
      printJson(command, {
        ok: true,
        table: extracted.table,
        column: extracted.column,
        method: extracted.method,
        emptyCount: suppressSmall(extracted.emptyCount),
        codes: extracted.codes.map((c) => ({ code: c.code, ...(c.label !== undefined ? { label: c.label } : {}), frequency: suppressSmall(c.frequency) })),
        ...(out !== undefined ? { file: out } : {}),
      });
    } else if (out !== undefined) {
      printLine(
        command,
        `${extracted.codes.length} distinct codes of ${extracted.table}.${extracted.column} (${extracted.method}); skeleton written to ${out}`,
      );
    } else io.stdout.write(csv);
  });
}
