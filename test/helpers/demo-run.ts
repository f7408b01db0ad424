/** Runs `casebridge demo` in-process into a fresh temporary folder (shared by the report tests). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { captureIo, type CapturedIo } from '../../src/cli/cli-io.js';
import { runCli } from '../../src/cli/main.js';

/** Outcome of one demo run. */
export interface DemoRun {
  readonly dir: string;
  readonly exitCode: number;
  readonly io: CapturedIo;
}

/** Runs the demo with `--out <tmp>/demo`. */
export async function runDemo(extraArgs: readonly string[] = []): Promise<DemoRun> {
  const root = mkdtempSync(path.join(tmpdir(), 'cb-demo-'));
  const io = captureIo({ cwd: root });
  const dir = path.join(root, 'demo');
  const exitCode = await runCli([...extraArgs, 'demo', '--out', dir], io);
  return { dir, exitCode, io };
}
