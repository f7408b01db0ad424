/**
 * The file layout of the flat-file export as communes produce it: one semicolon CSV per table,
 * Windows-1252, CRLF, a header row, `dd.mm.yyyy` dates, apostrophe thousands separators and J/N flags,
 * plus a `documents/` folder referenced by relative path from `DOKUMENTE.csv`.
 */
import { createFileConnector, type FileConnectorConfig, type FileTableConfig } from '../../connectors/files/index.js';
import type { Connector } from '../../core/connector/connector.js';

/** Lineage source-system name of the flat-file profile. */
export const FLAT_FILE_SOURCE_SYSTEM = 'commune-export';

/** Table name → file name and columns, in write order. */
export const FLAT_FILE_TABLES = {
  persons: { file: 'PERSONEN.csv', key: 'PERS_NR', columns: ['PERS_NR', 'NAME', 'VORNAME', 'GEBDAT', 'GESCHLECHT', 'ZIVILSTAND', 'AHV_NR'] },
  addresses: { file: 'ADRESSEN.csv', key: 'ADR_NR', columns: ['ADR_NR', 'PERS_NR', 'STRASSE', 'HAUSNR', 'PLZ', 'ORT', 'BFS_NR', 'GUELTIG_AB'] },
  dossiers: {
    file: 'DOSSIERS.csv',
    key: 'DOSSIER_NR',
    columns: [
      'DOSSIER_NR',
      'PERS_NR',
      'ART',
      'LEISTUNGSART',
      'EROEFFNET',
      'ABGESCHLOSSEN',
      'ABSCHLUSSGRUND',
      'GEMEINDE_BFS',
      'SACHBEARBEITER',
      'ANZ_PERSONEN',
      'TESTFALL',
    ],
  },
  members: { file: 'HAUSHALTSMITGLIEDER.csv', key: 'HHM_NR', columns: ['HHM_NR', 'DOSSIER_NR', 'PERS_NR', 'ANTRAGSTELLER', 'ROLLE', 'AB'] },
  budgets: { file: 'BUDGETS.csv', key: 'BUDGET_NR', columns: ['BUDGET_NR', 'DOSSIER_NR', 'MONAT', 'GUELTIG_AB', 'GUELTIG_BIS'] },
  budgetLines: { file: 'BUDGETPOSITIONEN.csv', key: 'POS_NR', columns: ['POS_NR', 'BUDGET_NR', 'POS_ART', 'BETRAG'] },
  payments: {
    file: 'ZAHLUNGEN.csv',
    key: 'BELEG_NR',
    columns: ['BELEG_NR', 'DOSSIER_NR', 'PERS_NR', 'BUDGET_NR', 'BUCHUNGSDATUM', 'VALUTA', 'BETRAG', 'BUCHUNGSART', 'MONAT'],
  },
  documents: { file: 'DOKUMENTE.csv', key: 'DOK_NR', columns: ['DOK_NR', 'DOSSIER_NR', 'DOK_ART', 'ERSTELLT', 'DATEI'] },
} as const;

/** A table of the flat-file export. */
export type FlatFileTable = keyof typeof FLAT_FILE_TABLES;

/** Every table, in write (and dependency) order. */
export const FLAT_FILE_TABLE_NAMES = Object.keys(FLAT_FILE_TABLES) as FlatFileTable[];

/** Folder of the case documents, relative to the export folder. */
export const DOCUMENTS_FOLDER = 'documents';

/** The files connector options of one table. Booking dates and amounts are typed so that the
 * connector computes exact per-year control totals itself (`1'234.50` → 1234.50). */
function tableConfig(table: FlatFileTable): FileTableConfig {
  const t = FLAT_FILE_TABLES[table];
  const base = { file: t.file, format: 'csv', delimiter: ';', encoding: 'windows-1252', keyColumn: t.key } as const;
  return table === 'payments' ? { ...base, columns: { BUCHUNGSDATUM: 'date', BETRAG: 'decimal' } } : base;
}

/** The file connector configuration over an export folder. */
export function flatFileConnectorConfig(dir: string, name: string = FLAT_FILE_SOURCE_SYSTEM): FileConnectorConfig {
  return { name, baseDir: dir, tables: Object.fromEntries(FLAT_FILE_TABLE_NAMES.map((t) => [t, tableConfig(t)])) };
}

/** The files connector over an export folder written by `generateFlatFileExport` (or a real one of that layout). */
export function flatFileConnector(dir: string, name: string = FLAT_FILE_SOURCE_SYSTEM): Connector {
  return createFileConnector(flatFileConnectorConfig(dir, name));
}
