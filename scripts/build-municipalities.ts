/**
 * Builds `schemas/codelists/bfs.municipality.json`, the BFS municipality numbers with name, canton and the
 * years in which each number was valid, from the dev dependency `swiss-maps` (generalised boundaries of
 * the BFS, one folder per year, `municipalities.dbf` with the fields id / name / KTNR).
 *
 * Refresh: update `swiss-maps` (new yearly folder), then run `npx tsx scripts/build-municipalities.ts`.
 * The output is deterministic: same package version, same file.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Canton abbreviations by BFS canton number 1–26 (eCH-0007 order). */
export const CANTONS_BY_NUMBER = [
  'ZH',
  'BE',
  'LU',
  'UR',
  'SZ',
  'OW',
  'NW',
  'GL',
  'ZG',
  'FR',
  'SO',
  'BS',
  'BL',
  'SH',
  'AR',
  'AI',
  'SG',
  'GR',
  'AG',
  'TG',
  'TI',
  'VD',
  'VS',
  'NE',
  'GE',
  'JU',
] as const;

/** One field descriptor of a dBase III table. */
interface DbfField {
  readonly name: string;
  readonly type: string;
  readonly length: number;
}

/** Reads a dBase III file (the attribute table of a shapefile) into plain records of trimmed strings. */
export function readDbf(buffer: Buffer): Record<string, string>[] {
  const recordCount = buffer.readUInt32LE(4);
  const headerLength = buffer.readUInt16LE(8);
  const recordLength = buffer.readUInt16LE(10);
  const fields: DbfField[] = [];
  for (let offset = 32; buffer[offset] !== 0x0d; offset += 32) {
    const rawName = buffer.subarray(offset, offset + 11);
    const end = rawName.indexOf(0);
    fields.push({
      name: rawName.subarray(0, end === -1 ? 11 : end).toString('latin1'),
      type: String.fromCharCode(buffer[offset + 11] ?? 0x20),
      length: buffer[offset + 16] ?? 0,
    });
  }
  const records: Record<string, string>[] = [];
  for (let i = 0; i < recordCount; i++) {
    const start = headerLength + i * recordLength;
    if (buffer[start] === 0x2a) continue; // '*' marks a deleted record
    let cursor = start + 1;
    const record: Record<string, string> = {};
    for (const field of fields) {
      const raw = buffer.subarray(cursor, cursor + field.length);
      cursor += field.length;
      const zero = raw.indexOf(0);
      record[field.name] = raw
        .subarray(0, zero === -1 ? raw.length : zero)
        .toString('utf8')
        .trim();
    }
    records.push(record);
  }
  return records;
}

/** Turns a sorted list of years into inclusive [from, to] ranges. */
export function toYearRanges(years: readonly number[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const year of years) {
    const last = ranges[ranges.length - 1];
    if (last && year === last[1] + 1) last[1] = year;
    else ranges.push([year, year]);
  }
  return ranges;
}

/** The municipality entry written to the JSON file. */
interface MunicipalityEntry {
  bfsNumber: number;
  name: string | null;
  canton: string;
  years: [number, number][];
  formerNames?: string[];
  territory?: true;
}

/** Builds the document from the swiss-maps package folder. */
export function buildMunicipalityList(swissMapsDir: string): object {
  const pkg = JSON.parse(readFileSync(join(swissMapsDir, 'package.json'), 'utf8')) as { version: string };
  // Folders are "2010" … "2026" plus mid-year releases such as "2021-04"; a mid-year release counts for its year.
  const folders = readdirSync(swissMapsDir)
    .filter((f) => /^\d{4}(-\d{2})?$/.test(f))
    .sort();
  const seen = new Map<number, { cantons: Set<string>; years: Set<number>; names: string[] }>();
  for (const folder of folders) {
    const year = Number(folder.slice(0, 4));
    const rows = readDbf(readFileSync(join(swissMapsDir, folder, 'municipalities.dbf')));
    for (const row of rows) {
      const bfsNumber = Number(row['id']);
      const canton = CANTONS_BY_NUMBER[Number(row['KTNR']) - 1];
      if (!Number.isInteger(bfsNumber) || canton === undefined) throw new Error(`Unexpected row in ${folder}`);
      const entry = seen.get(bfsNumber) ?? { cantons: new Set<string>(), years: new Set<number>(), names: [] };
      entry.cantons.add(canton);
      entry.years.add(year);
      const name = row['name'] ?? '';
      if (name !== '' && entry.names[entry.names.length - 1] !== name) entry.names.push(name);
      seen.set(bfsNumber, entry);
    }
  }
  const years = [...new Set(folders.map((f) => Number(f.slice(0, 4))))];
  const municipalities: MunicipalityEntry[] = [...seen.entries()]
    .sort(([a], [b]) => a - b)
    .map(([bfsNumber, e]) => {
      if (e.cantons.size !== 1) throw new Error(`BFS number ${bfsNumber} changes canton`);
      const name = e.names[e.names.length - 1] ?? null;
      const former = [...new Set(e.names.slice(0, -1))].filter((n) => n !== name);
      return {
        bfsNumber,
        name,
        canton: [...e.cantons][0] as string,
        years: toYearRanges([...e.years].sort((a, b) => a - b)),
        ...(former.length > 0 ? { formerNames: former } : {}),
        // Communal territories (Kommunanzen) appear in the boundaries but are no political municipalities.
        ...(name !== null && /^(Comunanza|C'za|Kommunanz)/i.test(name) ? { territory: true as const } : {}),
      };
    });
  return {
    id: 'bfs.municipality',
    title: 'BFS municipality numbers (Gemeindenummern) with canton and validity by year',
    version: `${years[years.length - 1]}.1`,
    sources: [
      'https://www.bfs.admin.ch/bfs/en/home/services/geostat/swiss-federal-statistics-geodata/administrative-boundaries/generalized-boundaries-local-regional-authorities.html',
      'npm:swiss-maps (interactivethings/swiss-maps), <year>/municipalities.dbf',
    ],
    generatedFrom: `swiss-maps@${pkg.version}`,
    note:
      'Generated by scripts/build-municipalities.ts (refresh: update swiss-maps, run `npx tsx scripts/build-municipalities.ts`). ' +
      'years = inclusive ranges of the boundary releases that contain the number (mid-year releases count for their year). ' +
      'name = latest name in the releases; the 2025+ releases of swiss-maps carry no names, so numbers created since then have name null. ' +
      'territory = communal territory (Kommunanz), not a political municipality. For the official list use the BFS "Amtliches Gemeindeverzeichnis".',
    years,
    municipalities,
  };
}

/** Serialises with one municipality per line: small diffs when the list is refreshed. */
export function formatMunicipalityList(doc: object): string {
  const { municipalities, ...head } = doc as { municipalities: unknown[] };
  const headJson = JSON.stringify(head, null, 2)
    .replace(/\n}$/, '')
    .replace(/"years": \[[\s\d,]+\]/, (block) => block.replace(/\s+/g, '').replace('"years":', '"years": '));
  const lines = municipalities.map((m) => `    ${JSON.stringify(m)}`);
  return `${headJson},\n  "municipalities": [\n${lines.join(',\n')}\n  ]\n}\n`;
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const require = createRequire(import.meta.url);
  const swissMapsDir = dirname(require.resolve('swiss-maps/package.json'));
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const out = join(root, 'schemas', 'codelists', 'bfs.municipality.json');
  const doc = buildMunicipalityList(swissMapsDir) as { municipalities: unknown[] };
  writeFileSync(out, formatMunicipalityList(doc));
  console.log(`wrote ${out}: ${doc.municipalities.length} municipality numbers`);
}
