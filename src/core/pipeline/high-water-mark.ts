/** The high-water mark of a delta mapping, apart from `canonical-target.ts`, which is long enough. */

/** Where a delta mapping's last finished run stopped reading, per tenant and mapping. */
export interface HighWaterMark {
  readonly mapping: string;
  readonly mode: 'stamp' | 'growing-key';
  readonly column: string;
  /** Greatest stamp or key read, as text in the column's normalised representation. */
  readonly value: string;
}
