/**
 * Entry point of the `casebridge` CLI. `main(argv)` runs one invocation on the process streams and sets
 * `process.exitCode`; `runCli(argv, io)` does the same on any CliIo and returns the exit code (tests,
 * embedding). Errors print their stable code and message; stacks only with `--debug`.
 */
import { CommanderError } from 'commander';
import { isCasebridgeError } from '../core/errors.js';
import { processIo, type CliIo } from './cli-io.js';
import { EXIT_CODES, exitCodeForError } from './exit-codes.js';
import { buildProgram } from './program.js';

/** Runs the CLI with process argv (`[node, script, ...args]`) and sets `process.exitCode`. */
export async function main(argv: string[]): Promise<void> {
  process.exitCode = await runCli(argv.slice(2), processIo());
}

/** Runs the CLI with user arguments only (no node/script prefix); returns the exit code. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const { program, context } = buildProgram(io);
  context.invoke = runCli;
  const debug = args.includes('--debug');
  const json = args.includes('--json');
  try {
    await program.parseAsync([...args], { from: 'user' });
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through exitOverride with code 0.
      if (error.exitCode === 0) return EXIT_CODES.OK;
      return EXIT_CODES.USAGE;
    }
    const code = exitCodeForError(error);
    reportError(io, error, { debug, json, exitCode: code });
    return code;
  }
}

function reportError(io: CliIo, error: unknown, options: { debug: boolean; json: boolean; exitCode: number }): void {
  if (options.json) {
    const body = isCasebridgeError(error)
      ? error.toJSON()
      : { name: foreignErrorName(error), code: 'CB_INTERNAL', message: foreignErrorMessage(error, options.debug), details: {} };
    io.stdout.write(`${JSON.stringify({ ok: false, exitCode: options.exitCode, error: body }, null, 2)}\n`);
  }
  if (isCasebridgeError(error)) {
    const details = Object.entries(error.details)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(', ');
    io.stderr.write(`error ${error.code}: ${error.message}${details === '' ? '' : ` (${details})`}\n`);
  } else {
    io.stderr.write(`error CB_INTERNAL: ${foreignErrorMessage(error, options.debug)}\n`);
  }
  if (options.debug) {
    let current: unknown = error;
    let depth = 0;
    while (current instanceof Error && depth < 5) {
      io.stderr.write(`${depth === 0 ? '' : 'caused by: '}${current.stack ?? current.message}\n`);
      current = current.cause;
      depth += 1;
    }
  }
}

/**
 * The message printed for an error that is not a CasebridgeError. Its text comes from a driver or
 * library and may echo a value of the source row (e.g. "invalid input syntax ... '756.1234.5678.97'"),
 * so without `--debug` only its class and, when present, its technical code are printed.
 */
export function foreignErrorMessage(error: unknown, debug: boolean): string {
  if (debug) return error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  const codeText = typeof code === 'string' && /^[A-Za-z0-9_.-]{1,40}$/.test(code) ? ` (code ${code})` : '';
  return `an unexpected ${foreignErrorName(error)}${codeText} occurred; its message is hidden because it may contain source data (run with --debug to see it)`;
}

/** The class name of a foreign error (`TypeError`, `DatabaseError`, …), or its type for a non-Error value. */
function foreignErrorName(error: unknown): string {
  if (error instanceof Error) return /^[A-Za-z0-9_$]{1,60}$/.test(error.name) ? error.name : 'Error';
  return typeof error;
}
