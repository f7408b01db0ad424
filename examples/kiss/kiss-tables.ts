/**
 * The schema of the KiSS-shaped legacy source (README.md): eleven tables in the shape that makes real KiSS
 * hard (persons with zero birth dates and old AHV numbers, person relations, dossiers `FaFall` above
 * services `FaLeistung`, financial plans → monthly budgets → positions that find their case only through
 * joins, bookings with receipts stored positive, one installation code table `XLOVCode` holding every
 * code list), and the code table's content.
 */
/** A planned cell: integers, text, ISO dates (`0000-00-00` is the zero date), money as decimal text. */
export type KissCell = string | number | null;

/** Kind of a column: decides the MariaDB type and how the CSV export writes and types it. */
export type KissColumnKind = 'int' | 'text' | 'date' | 'money';

/** One legacy table: its columns in order and its key (no primary key where the vendor declared none). */
export interface KissTable {
  readonly columns: Readonly<Record<string, KissColumnKind>>;
  readonly key: readonly string[];
  /** False for the table whose key the source does not enforce (the duplicate-key defect lives there). */
  readonly primaryKey: boolean;
}

/** The legacy schema. */
export const KISS_TABLES = {
  XLOVCode: { columns: { LOVName: 'text', Code: 'text', Text: 'text' }, key: ['LOVName', 'Code'], primaryKey: true },
  BaPerson: {
    columns: {
      BaPersonID: 'int',
      Name: 'text',
      Vorname: 'text',
      Geburtsdatum: 'date',
      GeschlechtCode: 'int',
      ZivilstandCode: 'int',
      Versichertennummer: 'text',
      AHVNummer: 'text',
    },
    key: ['BaPersonID'],
    primaryKey: true,
  },
  BaPerson_Relation: {
    columns: { BaPerson_RelationID: 'int', BaPersonID_1: 'int', BaPersonID_2: 'int', BaRelationID: 'int', DatumVon: 'date' },
    key: ['BaPerson_RelationID'],
    primaryKey: false,
  },
  FaFall: { columns: { FaFallID: 'int', BaPersonID: 'int', GemeindeCode: 'int', DatumVon: 'date', DatumBis: 'date' }, key: ['FaFallID'], primaryKey: true },
  FaLeistung: {
    columns: { FaLeistungID: 'int', FaFallID: 'int', BaPersonID: 'int', ModulID: 'int', DatumVon: 'date', DatumBis: 'date', IstTestfall: 'int' },
    key: ['FaLeistungID'],
    primaryKey: true,
  },
  BgFinanzplan: { columns: { BgFinanzplanID: 'int', FaLeistungID: 'int', DatumVon: 'date', DatumBis: 'date' }, key: ['BgFinanzplanID'], primaryKey: true },
  BgFinanzplan_BaPerson: {
    columns: { BgFinanzplan_BaPersonID: 'int', BgFinanzplanID: 'int', BaPersonID: 'int', RolleCode: 'int', IstUnterstuetzt: 'int' },
    key: ['BgFinanzplan_BaPersonID'],
    primaryKey: true,
  },
  BgBudget: { columns: { BgBudgetID: 'int', BgFinanzplanID: 'int', Jahr: 'int', Monat: 'int' }, key: ['BgBudgetID'], primaryKey: true },
  BgPosition: { columns: { BgPositionID: 'int', BgBudgetID: 'int', BgPositionsartID: 'int', Betrag: 'money' }, key: ['BgPositionID'], primaryKey: true },
  KbBuchung: {
    columns: {
      KbBuchungID: 'int',
      FaLeistungID: 'int',
      BaPersonID: 'int',
      BgBudgetID: 'int',
      Buchungsart: 'text',
      BuchungsDatum: 'date',
      Betrag: 'money',
      StatusCode: 'int',
    },
    key: ['KbBuchungID'],
    primaryKey: true,
  },
  KesMassnahme: {
    columns: { KesMassnahmeID: 'int', FaLeistungID: 'int', MassnahmeTypCode: 'int', ZGBArtikelCode: 'int', DatumVon: 'date', DatumBis: 'date' },
    key: ['KesMassnahmeID'],
    primaryKey: true,
  },
} as const satisfies Record<string, KissTable>;

/** A table name of the schema. */
export type KissTableName = keyof typeof KISS_TABLES;

/**
 * The installation code table: one `XLOVCode` row per (list, code). The code-list maps in `codes/` map
 * these codes; `99` of `BaZivilstand` is an old installation code no map knows (a planted defect).
 */
export const XLOV_CODES: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  BaGeschlecht: [
    ['1', 'männlich'],
    ['2', 'weiblich'],
  ],
  BaZivilstand: [
    ['1', 'ledig'],
    ['2', 'verheiratet'],
    ['3', 'verwitwet'],
    ['4', 'geschieden'],
    ['6', 'in eingetragener Partnerschaft'],
    ['99', 'unbekannt (Altbestand)'],
  ],
  BaRelation: [
    ['1', 'Ehegatte/Ehegattin'],
    ['2', 'eingetragene Partnerin/eingetragener Partner'],
    ['3', 'Mutter'],
    ['4', 'Vater'],
    ['7', 'Beiständin/Beistand'],
  ],
  FaModul: [
    ['2', 'Beratung'],
    ['3', 'Wirtschaftliche Hilfe'],
    ['5', 'Kindes- und Erwachsenenschutz'],
  ],
  BgPositionsart: [
    ['1', 'Grundbedarf für den Lebensunterhalt'],
    ['2', 'Wohnkosten'],
    ['3', 'Krankenkassenprämie Grundversicherung'],
    ['10', 'Erwerbseinkommen'],
  ],
  KbBuchungsart: [
    ['A', 'Auszahlung'],
    ['E', 'Einnahme (Rückerstattung)'],
    ['F', 'Rückforderung'],
  ],
  KesMassnahmeTyp: [
    ['10', 'Beistandschaft'],
    ['20', 'Erziehungsaufsicht'],
  ],
  ZGBArtikel: [
    ['307', 'Art. 307 Abs. 3 ZGB'],
    ['308', 'Art. 308 Abs. 1 ZGB'],
    ['393', 'Art. 393 ZGB'],
    ['394', 'Art. 394 Abs. 1 ZGB'],
    ['395', 'Art. 395 Abs. 1 ZGB'],
  ],
};

/** The generated rows per table, in key order, each row in the table's column order. */
export type KissPlan = Readonly<Record<KissTableName, readonly KissCell[][]>>;
