/**
 * Decides whether a source column looks personal (names, AHV numbers, birth dates, addresses, contact
 * data, bank accounts, free text), by its name (German, French, Italian and English legacy spellings)
 * and by its values. A personal column's profile shows counts only, never a value.
 */

/**
 * Why a column's values are hidden. `undeclared` is no heuristic: a text or date column the user has
 * not declared non-personal (the profile is private by default).
 */
export type PersonalReason = 'name' | 'ahv-number' | 'birth-date' | 'address' | 'contact' | 'bank-account' | 'free-text' | 'undeclared';

const NAME_RULES: readonly [PersonalReason, RegExp][] = [
  ['ahv-number', /(^|[_\W])(ahv|avs|vn|ssn|nss|sv_?nr|sozialvers|versichertennummer|ahvn13|ahv13)([_\W]|$)|ahv|avs_?n/i],
  ['birth-date', /geburt|birth|dob|geb_?dat|(^|_)geb(_|$)|date_?naiss|naissance|nascita|gebdat/i],
  [
    'name',
    /(^|_)(name|namen?|vorname|nachname|familienname|ledigname|rufname|first_?name|last_?name|given_?name|family_?name|surname|official_?name|nom|prenom|prénom|cognome|nome|allianzname|spitzname|mutter|vater)(_|$)|name$|^name|firstname|lastname|vorname|nachname/i,
  ],
  ['address', /stra(ss|ß)e|street|adress|address|hausn|house_?n|wohnort|postfach|po_?box|^adr|_adr|rue|via$|indirizzo/i],
  ['contact', /e_?mail|telefon|phone|mobile|natel|handy|fax|tel_?nr|^tel$/i],
  ['bank-account', /iban|konto|account_?n|bank_?acc|kontonummer|bic/i],
  [
    'free-text',
    /bemerkung|notiz|note|comment|kommentar|memo|freitext|free_?text|beschreibung|description|text$|^text|remark|anmerkung|journal|protokoll|begruendung|begründung|observation/i,
  ],
];

/** Reasons suggested by a column name alone. */
export function personalByName(column: string): PersonalReason[] {
  const reasons: PersonalReason[] = [];
  for (const [reason, pattern] of NAME_RULES) if (pattern.test(column)) reasons.push(reason);
  return reasons;
}

const AHV = /^756[.\s]?\d{4}[.\s]?\d{4}[.\s]?\d{2}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i;
const IBAN = /^[A-Z]{2}\d{2}[\s]?(?:[A-Z0-9]{4}[\s]?){2,7}[A-Z0-9]{1,4}$/;
const PHONE = /^(\+41|0041|0)[\s]?\d{2}[\s]?\d{3}[\s]?\d{2}[\s]?\d{2}$/;
const STREET = /\b\S*(strasse|str\.|weg|gasse|platz|allee|rain|rue|chemin|avenue|via)\s*\d+\w?$/i;

/** Counts value patterns while a column is scanned; `reasons()` decides at the end. */
export class PersonalValueDetector {
  #values = 0;
  #ahv = 0;
  #email = 0;
  #iban = 0;
  #phone = 0;
  #street = 0;
  #long = 0;
  #spaced = 0;

  /** Looks at one non-empty text value (not kept). */
  observe(text: string): void {
    this.#values += 1;
    const t = text.trim();
    if (AHV.test(t)) this.#ahv += 1;
    else if (EMAIL.test(t)) this.#email += 1;
    else if (IBAN.test(t.toUpperCase())) this.#iban += 1;
    else if (PHONE.test(t)) this.#phone += 1;
    else if (STREET.test(t)) this.#street += 1;
    if (t.length > 40) this.#long += 1;
    if (/\s\S+\s/.test(t)) this.#spaced += 1;
  }

  /** Reasons found in the values: any AHV number, IBAN or e-mail is enough; other patterns by share. */
  reasons(): PersonalReason[] {
    const out: PersonalReason[] = [];
    if (this.#values === 0) return out;
    const share = (n: number): number => n / this.#values;
    if (this.#ahv > 0) out.push('ahv-number');
    if (this.#iban > 0) out.push('bank-account');
    if (this.#email > 0 || share(this.#phone) > 0.2) out.push('contact');
    if (share(this.#street) > 0.2) out.push('address');
    // Sentences: long values or several words in a good share of rows.
    if (share(this.#long) > 0.1 || share(this.#spaced) > 0.3) out.push('free-text');
    return out;
  }
}
