/**
 * Per-invocation state shared by the commands of one program: the I/O channels, the global flags and
 * the exit code a command asks for. Kept off module scope so that tests can run many invocations in one
 * process, and reached from any (sub)command because `register<Name>Command(program)` only gets the program.
 */
import type { Command } from 'commander';
import type { CliIo } from './cli-io.js';

/** State of one CLI invocation. */
export interface CliContext {
  readonly io: CliIo;
  /** Exit code the command asks for (default 0). */
  exitCode: number;
  /** The whole CLI, for commands that run other commands in-process (`canton`); set by `runCli`. */
  invoke?: (args: readonly string[], io: CliIo) => Promise<number>;
}

const contexts = new WeakMap<Command, CliContext>();

/** Attaches the context to the root program. */
export function attachCliContext(program: Command, io: CliIo): CliContext {
  const context: CliContext = { io, exitCode: 0 };
  contexts.set(program, context);
  return context;
}

/** The context of the program a (sub)command belongs to. */
export function cliContext(command: Command): CliContext {
  let current: Command | null = command;
  while (current !== null) {
    const found = contexts.get(current);
    if (found !== undefined) return found;
    current = current.parent;
  }
  throw new Error('casebridge CLI: command is not attached to a program built by buildProgram().');
}

/** Global flags every command understands. */
export interface GlobalFlags {
  /** Machine-readable JSON on stdout instead of human text. */
  readonly json: boolean;
  /** Print stacks and causes of errors. */
  readonly debug: boolean;
  /** Progress bars even when they would be switched off (`--no-progress` switches them off). */
  readonly progress: boolean;
}

/** Reads the global flags from any (sub)command. */
export function globalFlags(command: Command): GlobalFlags {
  const opts = command.optsWithGlobals<{ json?: boolean; debug?: boolean; progress?: boolean }>();
  return { json: opts.json === true, debug: opts.debug === true, progress: opts.progress !== false };
}

/** Writes a line to stdout. */
export function printLine(command: Command, line = ''): void {
  cliContext(command).io.stdout.write(`${line}\n`);
}

/** Writes a line to stderr (progress, notes). */
export function noteLine(command: Command, line: string): void {
  cliContext(command).io.stderr.write(`${line}\n`);
}

/** Prints a JSON document on stdout (the `--json` contract: one document per invocation). */
export function printJson(command: Command, value: unknown): void {
  cliContext(command).io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
