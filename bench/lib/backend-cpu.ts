/**
 * CPU seconds that PostgreSQL spent serving a loader: the backend processes of its connections, read
 * from `/proc/<pid>/stat` (the server runs on this machine). Wall time on the shared 2-core machine
 * swings with the other engineers' load; the loader's own CPU seconds miss the database work, which
 * is most of casebridge's cost (issue 8). Together they are the steady before/after figure.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';

/** Clock ticks per second of `/proc/<pid>/stat` (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** utime + stime of a process in seconds, or 0 when it is gone or unreadable. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // fields 14 and 15 of stat(5)
  } catch {
    return 0;
  }
}

/** Backend pids of one pool's connections, and their CPU seconds at the end. */
export class BackendCpu {
  readonly #pids = new Set<number>();

  /** Remembers the backend pid of `client` (`pg.Client.processID`, set at connect). */
  track(client: pg.Client): void {
    const pid = (client as unknown as { processID?: number }).processID;
    if (typeof pid === 'number') this.#pids.add(pid);
  }

  /** CPU seconds of the tracked backends (call before closing the connections). */
  seconds(): number {
    let total = 0;
    for (const pid of this.#pids) total += processCpuSeconds(pid);
    return Math.round(total * 100) / 100;
  }
}

/** A pool whose connections never idle out (so their backends can be read at the end) and are tracked. */
export function trackedPool(connectionString: string, cpu: BackendCpu, base?: pg.Pool): pg.Pool {
  const pool = base ?? new pg.Pool({ connectionString, idleTimeoutMillis: 0 });
  pool.on('connect', (client) => cpu.track(client));
  return pool;
}
