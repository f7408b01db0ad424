/**
 * Calendar dates and timestamps as text, without JS `Date` for calendar values and without losing
 * sub-millisecond digits (SQL Server datetime2(7) has 100 ns). Shared by the file and SQL Server
 * connectors; candidates for `src/core/connector/` once a third connector needs them.
 */

/** True when year/month/day form a real date of the proleptic Gregorian calendar. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Removes trailing zeros of a fraction (`'1230000'` → `'123'`) and returns `.fff` or `''`. */
export function trimFraction(fraction: string | undefined): string {
  const trimmed = (fraction ?? '').replace(/0+$/, '');
  return trimmed === '' ? '' : `.${trimmed}`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const SWISS_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

/** Parses `YYYY-MM-DD` or Swiss `DD.MM.YYYY` (`D.M.YYYY`) to `YYYY-MM-DD`; undefined when invalid. */
export function parseDateText(text: string): string | undefined {
  let y: number, m: number, d: number;
  const iso = ISO_DATE.exec(text);
  const swiss = iso ? null : SWISS_DATE.exec(text);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (swiss) [d, m, y] = [Number(swiss[1]), Number(swiss[2]), Number(swiss[3])];
  else return undefined;
  return isCalendarDate(y, m, d) ? `${pad(y, 4)}-${pad(m)}-${pad(d)}` : undefined;
}

const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?$/;

/** Parses `HH:MM[:SS[.fffffff]]` to `HH:MM:SS[.fff]` (trailing zeros trimmed); undefined when invalid. */
export function parseTimeText(text: string): string | undefined {
  const t = TIME.exec(text);
  if (!t) return undefined;
  const [h, mi, s] = [Number(t[1]), Number(t[2]), Number(t[3] ?? '0')];
  if (h > 23 || mi > 59 || s > 59) return undefined;
  return `${pad(h)}:${pad(mi)}:${pad(s)}${trimFraction(t[4])}`;
}

const ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

/** Parses a date and time (`T` or space between) to `YYYY-MM-DDTHH:MM:SS[.fff]`; no zone allowed. */
export function parseTimestampText(text: string): string | undefined {
  const parts = /^(\S+)[T ](\S+)$/.exec(text.trim());
  if (!parts || ZONE.test(parts[2] ?? '')) return undefined;
  const date = parseDateText(parts[1] ?? '');
  const time = parseTimeText(parts[2] ?? '');
  return date && time ? `${date}T${time}` : undefined;
}

/**
 * Parses a timestamp with zone (`Z`, `+01:00`, `+0100`) and renders it in UTC with `Z`, keeping every
 * fractional digit (the offset only moves whole minutes, so the fraction is carried over as text).
 */
export function parseTimestamptzText(text: string): string | undefined {
  const trimmed = text.trim();
  const zone = ZONE.exec(trimmed);
  if (!zone) return undefined;
  const local = parseTimestampText(trimmed.slice(0, zone.index));
  if (!local) return undefined;
  const z = zone[1] ?? 'Z';
  const offsetMinutes =
    z.toUpperCase() === 'Z' ? 0 : (z.startsWith('-') ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(-2)));
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?$/.exec(local);
  if (!m) return undefined;
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  const utc = new Date(0);
  utc.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  utc.setUTCHours(Number(m[4]), Number(m[5]) - offsetMinutes, Number(m[6]), 0);
  const y = utc.getUTCFullYear();
  if (y < 1 || y > 9999) return undefined;
  return (
    `${pad(y, 4)}-${pad(utc.getUTCMonth() + 1)}-${pad(utc.getUTCDate())}T` +
    `${pad(utc.getUTCHours())}:${pad(utc.getUTCMinutes())}:${pad(utc.getUTCSeconds())}${m[7] ?? ''}Z`
  );
}
