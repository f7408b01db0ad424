/**
 * Duplicate source keys: two source rows of one mapping with the same legacy key would map to the same
 * canonical id, and the later one would silently overwrite the earlier one (and the dependants of both
 * would point at whichever survived). The tracker remembers every key a mapping read in this run (as a
 * 16-byte token in a {@link CompactIdSet}, never the key itself), so a duplicate is found within a batch
 * and across batches; the engine quarantines every such row (`source.duplicate_key`) instead of loading
 * it, and the canonical ids those rows map to become ambiguous: a dependant referencing one is
 * quarantined (`reference.ambiguous`) rather than attached to a person who may be the wrong one.
 */
import type { PseudonymKey } from '../pseudonyms/pseudonym-key.js';
import { CompactIdSet } from './compact-id-set.js';
import { sourceRowDigest } from './identity.js';

/** Issue code of a source row whose key another row of the same mapping also has. */
export const DUPLICATE_SOURCE_KEY = 'source.duplicate_key';

/** Issue code of a reference to a canonical id that rows with a duplicated key map to. */
export const REFERENCE_AMBIGUOUS = 'reference.ambiguous';

/** The source keys read per mapping in one run, and the ids made ambiguous by duplicates. */
export class SourceKeyTracker {
  readonly #seen = new Map<string, CompactIdSet>();
  /** Keys found duplicated by a scan of the whole read before the load (see `scanDuplicateSourceKeys`). */
  readonly #duplicated = new Map<string, CompactIdSet>();
  readonly #ambiguous = new Map<string, Set<string>>();
  /** Mappings whose read cannot spread one key over two batches (see {@link keepBatchLocal}). */
  readonly #batchLocal = new Set<string>();

  constructor(
    private readonly sourceSystem: string,
    private readonly pseudonyms: PseudonymKey,
  ) {}

  /** The token a key of `sourceTable` is remembered by (16 bytes, never the key itself). */
  token(sourceTable: string, key: string): string {
    return SourceKeyTracker.tokenOf(sourceRowDigest(this.sourceSystem, sourceTable, key, this.pseudonyms));
  }

  /**
   * The token of a row from its keyed digest (`sourceRowDigest`, which the engine computes per row for
   * the row's reference anyway): its first 16 bytes, spelled as a uuid for the {@link CompactIdSet}.
   */
  static tokenOf(digest: string): string {
    return `${digest.slice(0, 8)}-${digest.slice(8, 12)}-${digest.slice(12, 16)}-${digest.slice(16, 20)}-${digest.slice(20, 32)}`;
  }

  /**
   * Sets the tokens of the keys a scan of the whole read found more than once: each row with one of
   * them is a duplicate from the first occurrence on, also when the next occurrence is batches later.
   */
  setDuplicated(mapping: string, tokens: CompactIdSet): void {
    this.#duplicated.set(mapping, tokens);
  }

  /**
   * Declares that `mapping`'s read holds all rows of one key in one batch (a keyset read by a single key
   * column: `pagesByKey`), so a duplicate is always found inside its batch and the tokens need not be
   * remembered across batches. At 10M rows the run-long token set was 160–320 MB of the peak RSS.
   * A composite key stays run-long: its joined text (`a|b`) could meet another tuple's in a later batch.
   */
  keepBatchLocal(mapping: string): void {
    this.#batchLocal.add(mapping);
    this.#seen.delete(mapping);
  }

  /**
   * Marks, for each of `tokens` (of one source row each, in read order), whether its key is duplicated:
   * it occurs twice in `tokens`, was read earlier in this run, or the scan before the load found it
   * more than once. Remembers the tokens.
   */
  check(mapping: string, tokens: readonly string[]): boolean[] {
    let seen = this.#seen.get(mapping);
    if (this.#batchLocal.has(mapping)) seen = new CompactIdSet(tokens.length);
    else if (seen === undefined) this.#seen.set(mapping, (seen = new CompactIdSet()));
    const duplicated = this.#duplicated.get(mapping);
    const out = new Array<boolean>(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      out[i] = duplicated?.has(t) === true;
      if (seen.add(t)) continue;
      // Read before, in an earlier batch or earlier in this one (rare): an earlier occurrence in this
      // batch is a duplicate too, so it is found by a scan back instead of a count per token.
      out[i] = true;
      for (let j = 0; j < i; j++) if (tokens[j] === t) out[j] = true;
    }
    return out;
  }

  /** Records that `id` of `entity` is the id of a row with a duplicated key. */
  markAmbiguous(entity: string, id: string): void {
    let set = this.#ambiguous.get(entity);
    if (set === undefined) this.#ambiguous.set(entity, (set = new Set()));
    set.add(id);
  }

  /** True when a reference to `id` of `entity` cannot be resolved to one source row. */
  isAmbiguous(entity: string, id: string): boolean {
    return this.#ambiguous.get(entity)?.has(id) ?? false;
  }

  /** True once some id is ambiguous (the reference check skips the lookup otherwise). */
  get hasAmbiguous(): boolean {
    return this.#ambiguous.size > 0;
  }
}
