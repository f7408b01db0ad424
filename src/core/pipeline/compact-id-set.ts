/**
 * A set of record ids that keeps uuids as 16 bytes each in one typed array (open addressing, linear
 * probing) instead of one heap string per id. `KnownIds` remembers up to hundreds of thousands of ids
 * for the whole run; as strings in `Set`s they were long-lived heap objects (~70 bytes each plus GC
 * work) and the largest part of the peak RSS growth measured at 1M bookings in issue 8. Ids that are
 * not uuids (tests, custom id schemes) fall back to a plain `Set`. Uuids compare case-insensitively,
 * as the database's uuid type does.
 */

/** Value of a hex digit by char code (-1: not one). */
const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) HEX[65 + i] = HEX[97 + i] = 10 + i;

/** The four 32-bit words of the uuid being looked up (reused: no allocation per call). */
const scratch = new Uint32Array(4);

/** Parses `id` into `scratch` in one pass (no regex, no substrings); false when it is not a uuid. */
function parseUuid(id: string): boolean {
  if (id.length !== 36) return false;
  let word = 0;
  let nibbles = 0;
  for (let i = 0; i < 36; i++) {
    const c = id.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false; // '-'
      continue;
    }
    const v = c < 128 ? HEX[c]! : -1;
    if (v < 0) return false;
    word = ((word << 4) | v) >>> 0;
    if (++nibbles % 8 === 0) {
      scratch[nibbles / 8 - 1] = word;
      word = 0;
    }
  }
  return true;
}

function slotOf(mask: number): number {
  // uuids are (mostly) hash output already; a multiply mix spreads sequential test ids too.
  const h = Math.imul(scratch[0]! ^ scratch[3]!, 0x9e3779b1) ^ Math.imul(scratch[1]! ^ scratch[2]!, 0x85ebca6b);
  return (h ^ (h >>> 15)) & mask;
}

/** A growable set of ids, compact for uuids. */
export class CompactIdSet {
  #words: Uint32Array;
  #mask: number;
  #count = 0;
  #nil = false; // the all-zero uuid is the empty-slot marker, so it is kept aside
  readonly #other = new Set<string>();

  /** `expected`: ids to size the table for (it grows as needed). */
  constructor(expected = 1024) {
    let slots = 16;
    while (slots < expected * 2) slots *= 2;
    this.#words = new Uint32Array(slots * 4);
    this.#mask = slots - 1;
  }

  /** Number of ids held. */
  get size(): number {
    return this.#count + (this.#nil ? 1 : 0) + this.#other.size;
  }

  /** Whether `id` is held. */
  has(id: string): boolean {
    if (!parseUuid(id)) return this.#other.has(id);
    if (isNil()) return this.#nil;
    return this.#find() >= 0;
  }

  /** Adds `id`; returns false when it was already held. */
  add(id: string): boolean {
    if (!parseUuid(id)) {
      if (this.#other.has(id)) return false;
      this.#other.add(id);
      return true;
    }
    if (isNil()) {
      const added = !this.#nil;
      this.#nil = true;
      return added;
    }
    if (this.#find() >= 0) return false;
    if ((this.#count + 1) * 2 > this.#mask + 1) this.#grow();
    this.#insert();
    return true;
  }

  /** Slot index of the scratch uuid, or -1. */
  #find(): number {
    const w = this.#words;
    for (let slot = slotOf(this.#mask); ; slot = (slot + 1) & this.#mask) {
      const o = slot * 4;
      if (w[o] === 0 && w[o + 1] === 0 && w[o + 2] === 0 && w[o + 3] === 0) return -1;
      if (w[o] === scratch[0] && w[o + 1] === scratch[1] && w[o + 2] === scratch[2] && w[o + 3] === scratch[3]) return slot;
    }
  }

  /** Stores the scratch uuid (known absent) in its first free slot. */
  #insert(): void {
    const w = this.#words;
    let slot = slotOf(this.#mask);
    while (w[slot * 4] !== 0 || w[slot * 4 + 1] !== 0 || w[slot * 4 + 2] !== 0 || w[slot * 4 + 3] !== 0) slot = (slot + 1) & this.#mask;
    w.set(scratch, slot * 4);
    this.#count += 1;
  }

  #grow(): void {
    const old = this.#words;
    const pending = new Uint32Array(4);
    pending.set(scratch); // the uuid being added; rehashing reuses the scratch words
    this.#words = new Uint32Array(old.length * 2);
    this.#mask = (this.#mask + 1) * 2 - 1;
    this.#count = 0;
    for (let o = 0; o < old.length; o += 4) {
      if (old[o] === 0 && old[o + 1] === 0 && old[o + 2] === 0 && old[o + 3] === 0) continue;
      scratch.set(old.subarray(o, o + 4));
      this.#insert();
    }
    scratch.set(pending);
  }
}

function isNil(): boolean {
  return scratch[0] === 0 && scratch[1] === 0 && scratch[2] === 0 && scratch[3] === 0;
}
