import { describe, expect, it } from 'vitest';
import { SourceKeyTracker } from '../src/core/pipeline/source-key-tracker.js';
import { PseudonymKey } from '../src/core/pseudonyms/pseudonym-key.js';

const key = PseudonymKey.fromText('source-key-tracker-batch-local-test-0123');

function tokens(tracker: SourceKeyTracker, keys: readonly string[]): string[] {
  return keys.map((k) => tracker.token('kb_buchung', k));
}

describe('source key tracker', () => {
  it('remembers keys across batches by default, so a key read again batches later is a duplicate', () => {
    const tracker = new SourceKeyTracker('kiss', key);
    expect(tracker.check('bookings', tokens(tracker, ['1', '2', '3']))).toEqual([false, false, false]);
    expect(tracker.check('bookings', tokens(tracker, ['4', '2']))).toEqual([false, true]);
  });

  it('keeps a keyset read by one key column batch-local: duplicates inside a batch are still found, nothing is remembered', () => {
    const tracker = new SourceKeyTracker('kiss', key);
    tracker.keepBatchLocal('bookings');
    // Both rows of a duplicated key are flagged, the first one too.
    expect(tracker.check('bookings', tokens(tracker, ['1', '2', '2', '3']))).toEqual([false, true, true, false]);
    // A keyset reader never repeats a key in a later batch (keyset-batches.ts), so no run-long set is kept.
    expect(tracker.check('bookings', tokens(tracker, ['3', '4']))).toEqual([false, false]);
    // Other mappings keep the run-long memory.
    expect(tracker.check('persons', tokens(tracker, ['1']))).toEqual([false]);
    expect(tracker.check('persons', tokens(tracker, ['1']))).toEqual([true]);
  });
});
