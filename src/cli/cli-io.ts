/**
 * Where the CLI writes and what kind of terminal it talks to. `main` uses the process streams; tests
 * pass a capturing implementation so that commands run in-process and their output can be asserted.
 */
import { Writable } from 'node:stream';

/** Output channels and terminal facts of one CLI invocation. */
export interface CliIo {
  /** Results (reports, JSON documents, paths). */
  readonly stdout: Writable & { isTTY?: boolean; columns?: number };
  /** Progress, warnings and errors. */
  readonly stderr: Writable & { isTTY?: boolean; columns?: number };
  /** Environment used for secrets (`{"env": "NAME"}`) and `CASEBRIDGE_*` settings. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Working directory relative paths resolve against. */
  readonly cwd: string;
}

/** The process's own streams, environment and working directory. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** A CliIo that keeps everything written, for tests and embedding. */
export interface CapturedIo extends CliIo {
  /** Everything written to stdout so far. */
  out(): string;
  /** Everything written to stderr so far. */
  err(): string;
}

/** Creates an in-memory CliIo (not a TTY, so no progress bars). */
export function captureIo(options: { env?: Record<string, string | undefined>; cwd?: string } = {}): CapturedIo {
  const chunks = { out: [] as string[], err: [] as string[] };
  const sink = (into: string[]): Writable =>
    new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        into.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
        callback();
      },
    });
  return {
    stdout: sink(chunks.out),
    stderr: sink(chunks.err),
    env: options.env ?? process.env,
    cwd: options.cwd ?? process.cwd(),
    out: () => chunks.out.join(''),
    err: () => chunks.err.join(''),
  };
}
