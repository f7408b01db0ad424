/**
 * Runs a command as a child process and measures it from the outside: wall time and peak resident
 * memory of the whole process tree (sampled from `/proc/<pid>/status`), because a process cannot be
 * trusted to report its own peak when it is not ours (pgloader) and tsx/node report only themselves.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/** What a measured child run yields. */
export interface ChildRun {
  readonly exitCode: number | null;
  readonly seconds: number;
  /** Peak of the summed VmRSS of the process tree, and the root's VmHWM (kernel high-water mark). */
  readonly peakRssMb: number;
  readonly stdout: string;
  readonly stderr: string;
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0; // the process ended between listing and reading
  }
}

function descendants(pid: number): number[] {
  const out: number[] = [];
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop()!;
    out.push(p);
    try {
      for (const task of readdirSync(`/proc/${p}/task`)) {
        const children = readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
        if (children !== '') for (const c of children.split(/\s+/)) stack.push(Number(c));
      }
    } catch {
      // gone
    }
  }
  return out;
}

/** Spawns `command args`, samples its tree's RSS every `intervalMs`, and resolves when it exits. */
export function runMeasured(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; intervalMs?: number; cwd?: string; echo?: boolean } = {},
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, [...args], { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (options.echo) process.stderr.write(d);
      if (stderr.length > 1 << 20) stderr = stderr.slice(-(1 << 19));
    });
    let peakKb = 0;
    const sample = (): void => {
      if (child.pid === undefined) return;
      const tree = descendants(child.pid);
      const sum = tree.reduce((t, p) => t + statusKb(p, 'VmRSS'), 0);
      peakKb = Math.max(peakKb, sum, statusKb(child.pid, 'VmHWM'));
    };
    const timer = setInterval(sample, options.intervalMs ?? 100);
    child.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ exitCode: code, seconds: (performance.now() - started) / 1000, peakRssMb: peakKb / 1024, stdout, stderr });
    });
  });
}

/** The last line of a child's stdout parsed as JSON (children print their result that way). */
export function lastJsonLine<T>(run: ChildRun, what: string): T {
  const line = run.stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .pop();
  if (run.exitCode !== 0 || line === undefined) {
    throw new Error(`${what} failed (exit ${run.exitCode}): ${run.stderr.slice(-3000)}`);
  }
  return JSON.parse(line) as T;
}
