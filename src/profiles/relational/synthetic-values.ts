/**
 * Synthetic values for the generators: invented names (syllables, never a real register), AHV numbers
 * with a valid EAN-13 check digit from a reserved-looking range, calendar arithmetic on `YYYY-MM-DD`
 * text, CHF amounts from integer Rappen and deterministic document contents.
 */
import type { SeededRandom } from './seeded-random.js';

const FAMILY_A = ['Ber', 'Mos', 'Kel', 'Wy', 'Stu', 'Hof', 'Lan', 'Rüt', 'Bal', 'Zin', 'Gug', 'Frö'];
const FAMILY_B = ['tinger', 'mann', 'egger', 'li', 'ser', 'bühl', 'acher', 'wiler', 'steg', 'matt'];
const GIVEN = ['Alen', 'Bera', 'Cilo', 'Dima', 'Elin', 'Fabo', 'Gita', 'Hano', 'Ilda', 'Juro', 'Kira', 'Lenz', 'Mira', 'Nilo', 'Orla', 'Pim'];
const STREETS = ['Testweg', 'Musterstrasse', 'Beispielgasse', 'Probeallee', 'Synthetikplatz'];

/** An invented family name. */
export function familyName(rng: SeededRandom): string {
  return `${rng.pick(FAMILY_A)}${rng.pick(FAMILY_B)}`;
}

/** An invented given name. */
export function givenName(rng: SeededRandom): string {
  return rng.pick(GIVEN);
}

/** An invented street name. */
export function streetName(rng: SeededRandom): string {
  return rng.pick(STREETS);
}

/** The AHVN13 of synthetic person `n` (756 + 9 digits + EAN-13 check digit), plain digits. */
export function syntheticAhvn13(n: number): string {
  const body = `756${String(100_000_000 + n).padStart(9, '0')}`;
  return `${body}${ean13CheckDigit(body)}`;
}

/** EAN-13 check digit of a 12-digit body. */
export function ean13CheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

/** An AHVN13 written the way people type it: `756.1234.5678.97`. */
export function dottedAhvn13(vn: string): string {
  return `${vn.slice(0, 3)}.${vn.slice(3, 7)}.${vn.slice(7, 11)}.${vn.slice(11)}`;
}

/** `YYYY-MM-DD` of a calendar date. */
export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Adds days to a `YYYY-MM-DD` date (UTC calendar arithmetic, no time zone). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** First day of the month `months` after the month of `date`. */
export function addMonths(date: string, months: number): string {
  const [y, m] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
  const total = y * 12 + (m - 1) + months;
  return isoDate(Math.floor(total / 12), (total % 12) + 1, 1);
}

/** Last day of the month of `date`. */
export function endOfMonth(date: string): string {
  return addDays(addMonths(date, 1), -1);
}

/** `dd.mm.yyyy` of an ISO date (how legacy text columns store dates). */
export function swissDateText(date: string): string {
  return `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
}

/** Exact CHF decimal text (`-12.05`) of an integer amount in Rappen. */
export function chfText(rappen: number): string {
  const sign = rappen < 0 ? '-' : '';
  const abs = Math.abs(rappen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Money written the ways old collection modules stored it as text; every form parses to `rappen`. */
export function oddMoneyText(rappen: number, style: number): string {
  const francs = Math.floor(rappen / 100);
  const cents = String(rappen % 100).padStart(2, '0');
  const grouped = String(francs).replace(/\B(?=(\d{3})+(?!\d))/g, "'");
  switch (style % 4) {
    case 0:
      return `${grouped}.${cents}`;
    case 1:
      return cents === '00' ? `${francs}.–` : `${francs},${cents}`;
    case 2:
      return `CHF ${grouped}.${cents}`;
    default:
      return `${francs}.${cents}`;
  }
}

/** Media types of generated documents with their file extension and magic header. */
const DOCUMENT_KINDS = [
  { mediaType: 'application/pdf', extension: 'pdf', header: '%PDF-1.4\n' },
  { mediaType: 'text/plain', extension: 'txt', header: 'Synthetic case note\n' },
  { mediaType: 'image/png', extension: 'png', header: '\x89PNG\r\n\x1a\n' },
] as const;

/** Kind of generated document `n`. */
export function documentKind(n: number): (typeof DOCUMENT_KINDS)[number] {
  return DOCUMENT_KINDS[n % DOCUMENT_KINDS.length]!;
}

/** Deterministic binary content of `size` bytes (kind header + PRNG bytes). */
export function documentContent(n: number, size: number, rng: SeededRandom): Uint8Array {
  const bytes = new Uint8Array(size);
  const header = Buffer.from(documentKind(n).header, 'latin1');
  bytes.set(header.subarray(0, Math.min(header.length, size)));
  for (let i = header.length; i < size; i += 4) {
    const word = Math.floor(rng.next() * 4294967296);
    for (let b = 0; b < 4 && i + b < size; b++) bytes[i + b] = (word >>> (b * 8)) & 0xff;
  }
  return bytes;
}
