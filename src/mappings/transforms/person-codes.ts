/**
 * Sex and marital-status variants into eCH-0011 codes. Words in German, French, Italian and English are
 * unambiguous; numeric codes are not (BFS SHS marital status 3 = getrennt, 4 = verwitwet, eCH-0011
 * 3 = verwitwet), so numbers are only accepted when the caller names their code system. "Getrennt" has
 * no eCH-0011 marital status of its own (a separated person is still married, with a separation), so it
 * is reported as ambiguous: decide it in a code-list map, never here.
 */
import { defineTransform, fail, ok, TRANSFORM_CODES, type Transform, type TransformResult } from './transform-result.js';

const SEX_WORDS: Readonly<Record<string, '1' | '2' | '3'>> = {
  m: '1',
  männlich: '1',
  maennlich: '1',
  mann: '1',
  herr: '1',
  male: '1',
  man: '1',
  masculin: '1',
  homme: '1',
  h: '1',
  maschile: '1',
  uomo: '1',
  w: '2',
  weiblich: '2',
  frau: '2',
  female: '2',
  woman: '2',
  f: '2',
  féminin: '2',
  feminin: '2',
  femme: '2',
  femminile: '2',
  donna: '2',
  unbekannt: '3',
  unknown: '3',
  inconnu: '3',
  sconosciuto: '3',
  u: '3',
  '?': '3',
};

/** Numeric code systems a sex column may use. */
export type SexNumericSystem = 'ech0011' | 'bfs';

/** Options of {@link parseSex}. */
export interface SexOptions {
  /** Accept numeric codes of this system (`ech0011`: 1/2/3; `bfs`: 1/2). Default: numbers are rejected. */
  readonly numeric?: SexNumericSystem;
}

/** Parses a sex variant into the eCH-0011 code `1` (male), `2` (female) or `3` (unknown). */
export function parseSex(input: unknown, options: SexOptions = {}): TransformResult<string> {
  if (typeof input === 'number') input = String(input);
  if (typeof input !== 'string') return fail(TRANSFORM_CODES.TYPE_INVALID, { expected: 'sex text' });
  const key = input.trim().toLocaleLowerCase('de-CH').replace(/\.$/, '');
  if (/^\d+$/.test(key)) {
    if (options.numeric === undefined) return fail(TRANSFORM_CODES.SEX_AMBIGUOUS, { reason: 'numeric-system-missing' });
    const allowed = options.numeric === 'ech0011' ? ['1', '2', '3'] : ['1', '2'];
    return allowed.includes(key) ? ok(key) : fail(TRANSFORM_CODES.SEX_UNKNOWN, { system: options.numeric });
  }
  const code = SEX_WORDS[key];
  return code === undefined ? fail(TRANSFORM_CODES.SEX_UNKNOWN) : ok(code);
}

const MARITAL_WORDS: Readonly<Record<string, string>> = {
  ledig: '1',
  single: '1',
  célibataire: '1',
  celibataire: '1',
  'celibe/nubile': '1',
  celibe: '1',
  nubile: '1',
  verheiratet: '2',
  married: '2',
  marié: '2',
  mariée: '2',
  'marié(e)': '2',
  marie: '2',
  mariee: '2',
  coniugato: '2',
  coniugata: '2',
  verwitwet: '3',
  widowed: '3',
  veuf: '3',
  veuve: '3',
  'veuf/veuve': '3',
  vedovo: '3',
  vedova: '3',
  geschieden: '4',
  divorced: '4',
  divorcé: '4',
  divorcée: '4',
  'divorcé(e)': '4',
  divorce: '4',
  divorcee: '4',
  divorziato: '4',
  divorziata: '4',
  unverheiratet: '5',
  unmarried: '5',
  'non marié': '5',
  'non mariée': '5',
  'non marié(e)': '5',
  'non coniugato': '5',
  'in eingetragener partnerschaft': '6',
  'eingetragene partnerschaft': '6',
  'registered partnership': '6',
  'in registered partnership': '6',
  'partenariat enregistré': '6',
  'lié par un partenariat enregistré': '6',
  'liée par un partenariat enregistré': '6',
  'unione domestica registrata': '6',
  'aufgelöste partnerschaft': '7',
  'dissolved partnership': '7',
  'partenariat dissous': '7',
  'unione domestica sciolta': '7',
  unbekannt: '9',
  unknown: '9',
  inconnu: '9',
  sconosciuto: '9',
};
const MARITAL_AMBIGUOUS = new Set(['getrennt', 'separated', 'séparé', 'séparée', 'separe', 'separee', 'separato', 'separata', 'gerichtlich getrennt']);

/** Numeric marital-status systems: eCH-0011 (1–7, 9) or BFS SHS (1 ledig, 2 verheiratet, 3 getrennt, 4 verwitwet, 5 geschieden, 6 eingetragene Partnerschaft). */
export type MaritalNumericSystem = 'ech0011' | 'bfs-shs';

const BFS_TO_ECH: Readonly<Record<string, string>> = { '1': '1', '2': '2', '4': '3', '5': '4', '6': '6' };

/** Options of {@link parseMaritalStatus}. */
export interface MaritalStatusOptions {
  /** Accept numeric codes of this system. Default: numbers are rejected as ambiguous. */
  readonly numeric?: MaritalNumericSystem;
}

/** Parses a marital-status variant into its eCH-0011 code. */
export function parseMaritalStatus(input: unknown, options: MaritalStatusOptions = {}): TransformResult<string> {
  if (typeof input === 'number') input = String(input);
  if (typeof input !== 'string') return fail(TRANSFORM_CODES.TYPE_INVALID, { expected: 'marital status text' });
  const key = input.trim().replace(/\s+/g, ' ').toLocaleLowerCase('de-CH');
  if (/^\d+$/.test(key)) {
    if (options.numeric === undefined) return fail(TRANSFORM_CODES.MARITAL_STATUS_AMBIGUOUS, { reason: 'numeric-system-missing' });
    if (options.numeric === 'ech0011') {
      return ['1', '2', '3', '4', '5', '6', '7', '9'].includes(key) ? ok(key) : fail(TRANSFORM_CODES.MARITAL_STATUS_UNKNOWN, { system: 'ech0011' });
    }
    if (key === '3') return fail(TRANSFORM_CODES.MARITAL_STATUS_AMBIGUOUS, { reason: 'separated', system: 'bfs-shs' });
    const code = BFS_TO_ECH[key];
    return code === undefined ? fail(TRANSFORM_CODES.MARITAL_STATUS_UNKNOWN, { system: 'bfs-shs' }) : ok(code);
  }
  if (MARITAL_AMBIGUOUS.has(key)) return fail(TRANSFORM_CODES.MARITAL_STATUS_AMBIGUOUS, { reason: 'separated' });
  const code = MARITAL_WORDS[key];
  return code === undefined ? fail(TRANSFORM_CODES.MARITAL_STATUS_UNKNOWN) : ok(code);
}

/** Transform: eCH-0011 sex code. */
export function sex(options: SexOptions = {}): Transform<unknown, string> {
  return defineTransform('sex', options.numeric === undefined ? {} : { numeric: options.numeric }, (input) => parseSex(input, options));
}

/** Transform: eCH-0011 marital-status code. */
export function maritalStatus(options: MaritalStatusOptions = {}): Transform<unknown, string> {
  return defineTransform('maritalStatus', options.numeric === undefined ? {} : { numeric: options.numeric }, (input) => parseMaritalStatus(input, options));
}
