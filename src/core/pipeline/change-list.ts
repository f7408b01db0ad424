/**
 * A dry run's record-by-record change list: which records a real run would insert, update (with the
 * changed field NAMES, never values) or delete, by canonical id (a pseudonymous reference). The report
 * keeps the first N per entity with exact counts; the full list streams to a JSONL file when asked.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { DeletionReason } from './canonical-target.js';

/** One record a real run would change. */
export interface RecordChange {
  readonly entity: string;
  /** Canonical id (pseudonymous). */
  readonly id: string;
  readonly change: 'insert' | 'update' | 'delete';
  /** Updates: the names of the fields that would change. */
  readonly fields?: readonly string[];
  /** Deletes: why (`snapshot`: gone from the source; `cascade`: its parent was deleted). */
  readonly reason?: DeletionReason;
}

/** The report's `changeList` section (dry runs). */
export interface ChangeListSection {
  readonly entities: readonly {
    readonly entity: string;
    readonly insert: number;
    readonly update: number;
    readonly delete: number;
    /** The first changes in run order, at most the report list limit; the counts are exact. */
    readonly records: readonly RecordChange[];
  }[];
  /** Where the full list was written (JSONL, one change per line), when a file was asked for. */
  readonly file: string | null;
}

/** Collects a dry run's changes: counts, the first `limit` per entity, and optionally every one in a file. */
export class ChangeList {
  readonly #limit: number;
  readonly #byEntity = new Map<string, { insert: number; update: number; delete: number; records: RecordChange[] }>();
  readonly #file: string | null;
  readonly #out: WriteStream | null;

  constructor(limit: number, file?: string) {
    this.#limit = limit;
    this.#file = file ?? null;
    this.#out = file === undefined ? null : createWriteStream(file, { encoding: 'utf8' });
  }

  /** Adds one change. */
  add(change: RecordChange): void {
    let acc = this.#byEntity.get(change.entity);
    if (acc === undefined) this.#byEntity.set(change.entity, (acc = { insert: 0, update: 0, delete: 0, records: [] }));
    acc[change.change] += 1;
    if (acc.records.length < this.#limit) acc.records.push(change);
    this.#out?.write(`${JSON.stringify(change)}\n`);
  }

  /** Closes the file and returns the report section. */
  async finish(): Promise<ChangeListSection> {
    if (this.#out !== null) {
      this.#out.end();
      await once(this.#out, 'finish');
    }
    const entities = [...this.#byEntity].sort(([a], [b]) => a.localeCompare(b)).map(([entity, acc]) => ({ entity, ...acc }));
    return { entities, file: this.#file };
  }
}
