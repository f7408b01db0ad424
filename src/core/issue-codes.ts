/**
 * The one registry of per-record issue codes (validation issues are data, not errors): every dotted code
 * casebridge itself produces, with one sentence for the people reading a report. `IssueCode` is the union
 * of its keys; the partial code tables of the mappings, transforms, code lists and documents are typed
 * against it, so a code cannot be produced without being explained here. `docs/issue-codes.md` is
 * generated from this table and the reports show the sentence beside the code. Mappings may still raise
 * codes of their own (`ValidationIssue.code` stays a string); those are shown without a sentence.
 */

/** Meaning of one issue code. */
export interface IssueCodeMeaning {
  /** What the code says about a row or record, in one sentence without any data value. */
  readonly meaning: string;
}

/** Every issue code casebridge produces, by family, with its meaning. Never rename a code; add new ones. */
export const ISSUE_CODE_MEANINGS = {
  // JSON Schema validation of canonical records.
  'schema.required': { meaning: 'A field the canonical model requires is missing.' },
  'schema.type': { meaning: 'A field has the wrong type (e.g. text where a number is expected).' },
  'schema.format': { meaning: 'A field does not have the required format (e.g. a calendar date or a UUID).' },
  'schema.pattern': { meaning: 'A field does not match the pattern the model requires.' },
  'schema.additional_property': { meaning: 'The record has a field the canonical model does not know.' },
  'schema.enum': { meaning: 'A field holds a code that is not in its code list.' },
  'schema.range': { meaning: 'A number lies outside the range the model allows.' },
  'schema.length': { meaning: 'A text or list is shorter or longer than the model allows.' },
  'schema.items': { meaning: 'An element of a list does not fit the model.' },
  'schema.invalid': { meaning: 'The record does not fit the canonical model (another schema rule).' },
  'model.unknown_entity': { meaning: 'The record names an entity that is not part of the canonical model.' },
  // Swiss rule validators.
  'ahvn13.old_number': { meaning: 'An old 11-digit AHV number stands where an AHVN13 is expected; map it to the legacy identifier.' },
  'ahvn13.format': { meaning: 'An AHV number is not 13 digits long.' },
  'ahvn13.prefix': { meaning: 'An AHV number does not start with the Swiss prefix 756.' },
  'ahvn13.check_digit': { meaning: 'An AHV number fails its check digit (likely a typing error).' },
  'iban.checksum': { meaning: 'An IBAN fails its check digits.' },
  'iban.format': { meaning: 'An IBAN does not have the format of a known country.' },
  'iban.country': { meaning: 'An IBAN is neither Swiss nor from Liechtenstein.' },
  'bfs.municipality_unknown': { meaning: 'A BFS municipality number is not in the official list.' },
  'bfs.municipality_not_valid_in_year': { meaning: 'A BFS municipality number did not exist in the reference year (merged or renamed commune).' },
  'code.unknown': { meaning: 'A code is not in the harmonized code list the field uses.' },
  'person.birth_in_future': { meaning: 'A date of birth lies after the reference date.' },
  'person.death_in_future': { meaning: 'A date of death lies after the reference date.' },
  'person.age_implausible': { meaning: 'The age derived from the date of birth is implausibly high.' },
  'date.order': { meaning: 'An end date lies before its start date.' },
  // Transforms of source values.
  'transform.type_invalid': { meaning: 'A source value has a type the transform cannot read.' },
  'transform.date_invalid': { meaning: 'A source date is not a valid calendar date.' },
  'transform.date_partial': { meaning: 'A source date lacks its day or month.' },
  'transform.date_two_digit_year': { meaning: 'A source date has a two-digit year; the century was inferred.' },
  'transform.money_invalid': { meaning: 'A source amount is not a number of francs.' },
  'transform.money_ambiguous': { meaning: 'A source amount can be read in more than one way (separators).' },
  'transform.money_precision': { meaning: 'A source amount has more than two decimal places (fractions of a Rappen).' },
  'transform.money_out_of_range': { meaning: 'A source amount is too large to store exactly.' },
  'transform.boolean_invalid': { meaning: 'A source value is not a recognizable yes/no value.' },
  'transform.ahv_invalid': { meaning: 'A source AHV number is not a valid AHVN13.' },
  'transform.ahv_check_digit': { meaning: 'A source AHV number fails its check digit.' },
  'transform.ahv_old_number': { meaning: 'A source AHV number is an old 11-digit number.' },
  'transform.name_invalid': { meaning: 'A source name cannot be used as a name (e.g. only digits or control characters).' },
  'transform.text_empty': { meaning: 'A required source text is empty.' },
  'transform.text_too_long': { meaning: 'A source text is longer than the canonical field allows.' },
  'transform.sex_unknown': { meaning: 'A source sex code is not recognized.' },
  'transform.sex_ambiguous': { meaning: 'A source sex code can mean more than one value.' },
  'transform.marital_status_unknown': { meaning: 'A source marital-status code is not recognized.' },
  'transform.marital_status_ambiguous': { meaning: 'A source marital-status code can mean more than one value.' },
  'transform.integer_invalid': { meaning: 'A source value is not a whole number.' },
  // Code-list lookups.
  'codes.unmapped': { meaning: 'A legacy code has no entry in the code-list map.' },
  'codes.unapproved': { meaning: 'A legacy code is mapped, but the mapping entry is not approved yet.' },
  'codes.defaulted': { meaning: 'A legacy code had no mapping and received the declared default.' },
  // The mapping DSL and the engine.
  'source.duplicate_key': { meaning: 'Another source row of the same mapping has the same legacy key; no row of that key is loaded, none overwrites another.' },
  'source.invalid_text': { meaning: 'A text field holds a character the target cannot store (a NUL byte or a broken character); the path names the field.' },
  'source.encoding_mismatch': {
    meaning:
      'A text shows the signature of a wrong source encoding (UTF-8 read as Windows-1252, e.g. "Ã¶" for "ö", or bytes invalid in the declared encoding); the file\'s declared encoding is probably wrong.',
  },
  'source.invalid_value': { meaning: 'A source column holds a value that cannot be represented (e.g. a broken encoding).' },
  'mapping.id_key_missing': { meaning: 'The source key a canonical id is derived from is empty.' },
  'mapping.reference_key_missing': { meaning: 'The source key of a reference to another record is empty.' },
  'mapping.key_type_invalid': { meaning: 'A key column is neither text nor a whole number.' },
  'mapping.computed_failed': { meaning: 'A computed field of the mapping failed for this row.' },
  'mapping.condition_failed': { meaning: 'A condition of the mapping failed for this row.' },
  'mapping.pick_missing': { meaning: 'A transform did not give the part of its result the mapping picks.' },
  'mapping.rule_threw': { meaning: 'A field rule of the mapping failed for this row.' },
  'mapping.filter_failed': { meaning: 'The filter of the mapping failed for this row.' },
  'mapping.entity_not_declared': { meaning: 'The mapping produced a record of an entity it does not declare.' },
  'mapping.id_missing': { meaning: 'The mapping produced a record without a valid canonical id.' },
  'mapping.exception': { meaning: 'The mapping failed for this row.' },
  'mapping.no_output': { meaning: 'The row produced no record: every conditional output of the mapping was skipped, and no named filter covers it.' },
  'reference.missing': { meaning: 'The record refers to a record that was not loaded (e.g. a booking of an unknown case).' },
  'reference.ambiguous': { meaning: 'The record refers to a legacy key that several source rows share, so it cannot be attached to one record.' },
  // Case-level checks after the load.
  'case.applicant_missing': { meaning: 'The case has no applicant in its support units.' },
  'case.applicant_multiple': { meaning: 'The case has more than one applicant.' },
  'case.member_person_missing': { meaning: 'A support-unit member refers to a person missing from the case.' },
  'case.six_month_break': { meaning: 'Ordinary payments pause for more than six months; the statistics need a new dossier after each break.' },
  'case.six_month_close_due': { meaning: 'The case is open, but its last ordinary payment is more than six months old.' },
  'case.outside_container': {
    meaning: 'The case lies outside the dates of its dossier: opened before the dossier was opened, or open or closed after the dossier was closed.',
  },
  'case.container_other_person': { meaning: 'The case’s main person is not the person its dossier is kept for.' },
  'booking.other_case': { meaning: 'A booking belongs to another case than the one it is filed under.' },
  'booking.before_case_opened': { meaning: 'A payment is booked before its case was opened.' },
  'booking.after_case_closed': { meaning: 'A payment is booked after its case was closed.' },
  // BFS social-assistance statistics (SHS) plausibility.
  'shs.missing_field': { meaning: 'A field the SHS delivery needs is empty.' },
  'shs.closing_reason_missing': { meaning: 'The dossier is closed but the case has no SHS closing reason.' },
  'shs.benefit_class_mismatch': { meaning: 'The SHS benefit class does not fit the case.' },
  'shs.closed_before_opened': { meaning: 'The case is closed before it was opened.' },
  'shs.payment_after_death': { meaning: 'Ordinary payments continue after the applicant’s death.' },
  'shs.applicant_age_implausible': { meaning: 'The applicant’s age at the start of the dossier is implausible.' },
  'shs.household_size_too_small': { meaning: 'The support unit counts fewer persons than it supports.' },
  'shs.booking_sign_invalid': { meaning: 'An amount has the wrong sign for its booking type.' },
  'shs.storno_unmatched': { meaning: 'A reversal (storno) reverses a booking that is not in the case.' },
  'shs.storno_amount_mismatch': { meaning: 'A reversal (storno) amount is not the negative of the booking it reverses.' },
  'shs.month_total_negative': { meaning: 'More was reversed than paid in a support month.' },
  'shs.counselling_not_delivered': { meaning: 'Counselling-only cases are not delivered to the BFS (information).' },
  // Document transfer.
  'document.content_missing': { meaning: 'The source has no content for the document (missing file, no row, empty BLOB).' },
  'document.content_empty': { meaning: 'The document’s content is zero bytes long.' },
  'document.ref_invalid': { meaning: 'The document reference is unusable (e.g. a path outside the export folder).' },
  'document.digest_mismatch': { meaning: 'The document’s SHA-256 differs from the digest the source declares.' },
  'document.size_mismatch': { meaning: 'The document’s size differs from the size the source declares.' },
  'document.media_type_mismatch': { meaning: 'The document’s content looks like another file type than declared (warning).' },
} as const satisfies Readonly<Record<string, IssueCodeMeaning>>;

/** An issue code casebridge produces, e.g. `schema.required`, `codes.unmapped`. */
export type IssueCode = keyof typeof ISSUE_CODE_MEANINGS;

/** True when `code` is one of casebridge's own issue codes. */
export function isIssueCode(code: string): code is IssueCode {
  return Object.hasOwn(ISSUE_CODE_MEANINGS, code);
}

/** The sentence explaining an issue code, or undefined for a code a mapping declared itself. */
export function issueCodeMeaning(code: string): string | undefined {
  return isIssueCode(code) ? ISSUE_CODE_MEANINGS[code].meaning : undefined;
}
