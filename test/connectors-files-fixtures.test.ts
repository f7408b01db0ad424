import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_DIR, fixtureFiles } from './fixtures/files/generate-fixtures.js';

describe('committed file fixtures', () => {
  it.each(Object.entries(fixtureFiles()))('%s holds exactly the bytes the generator writes', (name, bytes) => {
    expect(readFileSync(join(FIXTURE_DIR, name)).equals(bytes)).toBe(true);
  });

  it('the Windows-1252 fixture really is single-byte encoded (ä = 0xE4, € = 0x80)', () => {
    const bytes = readFileSync(join(FIXTURE_DIR, 'bookings-win1252.csv'));
    expect(bytes.includes(0xe4)).toBe(true);
    expect(bytes.includes(0x80)).toBe(true);
    expect(bytes.includes(Buffer.from('ä', 'utf8'))).toBe(false);
  });
});
