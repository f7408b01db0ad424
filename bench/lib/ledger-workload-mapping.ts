/**
 * Hand-written SourceMappings of the "ledger" workload (ba_person → person, fa_fall → case,
 * kb_buchung → booking), the shape a migration engineer writes against the engine directly. Dates come
 * as text (the connectors keep them so), money as exact decimal strings.
 */
import type { SourceMapping } from '../../src/core/pipeline/source-mapping.js';
import type { ValidationIssue } from '../../src/core/model/validation-issue.js';
import { chfToRappen } from '../../src/core/pipeline/exact-money.js';

const BOOKING_TYPES: Readonly<Record<string, string>> = {
  ZA: 'ORDINARY_PAYMENT',
  EZ: 'ONE_OFF_PAYMENT',
  VS: 'ADVANCE_PAYMENT',
  RE: 'REIMBURSEMENT_RECEIVED',
  EI: 'INCOME_CREDITED',
  ST: 'STORNO',
};
const BOOKING_STATUS: Readonly<Record<string, string>> = { B: 'paid', F: 'released', O: 'open', S: 'cancelled' };

function text(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : String(value as string);
}

/** Persons; test clients are filtered by name. */
export const ledgerPersonMapping: SourceMapping = {
  name: 'persons',
  version: '1.0.0',
  entity: 'person',
  produces: ['person'],
  source: { table: 'ba_person', keyColumns: ['ba_person_id'] },
  filters: [{ name: 'test-clients', description: 'Test clients created by the vendor; not real clients.', test: (row) => Number(row['testfall']) === 1 }],
  controlTotals: [{ source: { table: 'ba_person' }, entity: 'person' }],
  map(row, ctx) {
    const record: Record<string, unknown> = {
      id: ctx.id('person', Number(row['ba_person_id'])),
      officialName: row['name'],
      firstName: row['vorname'],
    };
    const vn = text(row['versichertennummer']);
    if (vn !== undefined) record['vn'] = vn;
    const birth = text(row['geburtsdatum']);
    if (birth !== undefined) record['dateOfBirth'] = birth;
    const sex = text(row['geschlecht_code']);
    if (sex !== undefined) record['sex'] = sex;
    return { records: [{ entity: 'person', record }], issues: [] };
  },
};

/** Cases (economic social assistance). */
export const ledgerCaseMapping: SourceMapping = {
  name: 'cases',
  version: '1.0.0',
  entity: 'case',
  produces: ['case'],
  source: { table: 'fa_fall', keyColumns: ['fa_fall_id'] },
  dependsOn: ['persons'],
  controlTotals: [{ source: { table: 'fa_fall', yearColumn: 'eroeffnet' }, entity: 'case', yearField: 'openedOn' }],
  map(row, ctx) {
    const record: Record<string, unknown> = {
      id: ctx.id('case', Number(row['fa_fall_id'])),
      domain: 'WSH',
      caseNumber: row['fallnummer'],
      personId: ctx.id('person', Number(row['ba_person_id'])),
      municipalityBfsNumber: Number(row['gemeinde_bfs']),
      openedOn: text(row['eroeffnet']),
    };
    const closed = text(row['abgeschlossen']);
    if (closed !== undefined) record['closedOn'] = closed;
    return { records: [{ entity: 'case', record }], issues: [] };
  },
};

/** Client-accounting bookings, money in exact Rappen. */
export const ledgerBookingMapping: SourceMapping = {
  name: 'bookings',
  version: '1.0.0',
  entity: 'booking',
  produces: ['booking'],
  source: { table: 'kb_buchung', keyColumns: ['kb_buchung_id'] },
  dependsOn: ['cases'],
  controlTotals: [
    {
      source: { table: 'kb_buchung', yearColumn: 'buchungsdatum', sumColumns: ['betrag'] },
      entity: 'booking',
      yearField: 'bookingDate',
      sums: { betrag: 'amountRappen' },
    },
  ],
  map(row, ctx) {
    const issues: ValidationIssue[] = [];
    const bookingType = BOOKING_TYPES[String(row['buchungsart'])];
    if (bookingType === undefined) {
      issues.push({
        code: 'mapping.code_unmapped',
        severity: 'error',
        entity: 'booking',
        path: '/bookingType',
        message: 'Legacy booking type has no mapping.',
        recordRef: ctx.recordRef,
      });
    }
    const rappen = chfToRappen(row['betrag'] as string);
    if (rappen === null) {
      issues.push({
        code: 'mapping.money_invalid',
        severity: 'error',
        entity: 'booking',
        path: '/amountRappen',
        message: 'Amount is not exact CHF.',
        recordRef: ctx.recordRef,
      });
    }
    const id = ctx.id('booking', String(row['kb_buchung_id']));
    const record: Record<string, unknown> = {
      id,
      bookingType: bookingType ?? 'ORDINARY_PAYMENT',
      bookingDate: text(row['buchungsdatum']),
      amountRappen: rappen === null ? 0 : Number(rappen),
      debitAccount: row['konto_soll'],
      creditAccount: row['konto_haben'],
      periodMonth: row['periode'],
      status: BOOKING_STATUS[String(row['status'])] ?? 'open',
      caseId: ctx.id('case', Number(row['fa_fall_id'])),
      personId: ctx.id('person', Number(row['ba_person_id'])),
    };
    const valuta = text(row['valuta']);
    if (valuta !== undefined) record['valueDate'] = valuta;
    return { records: [{ entity: 'booking', record }], issues };
  },
};

/** The workload's mappings in dependency order. */
export const LEDGER_MAPPINGS: readonly SourceMapping[] = [ledgerPersonMapping, ledgerCaseMapping, ledgerBookingMapping];

/** What the map worker threads import (`npm run bench -- --workers N`): the same mappings. */
export const ledgerWorkerSetup = { mappings: LEDGER_MAPPINGS };
