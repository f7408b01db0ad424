/**
 * The tables of the relational reference profile and their columns in DDL order. The generator inserts
 * in this order and a test checks the three DDL files (`examples/relational/ddl/*.sql`) declare exactly
 * these tables and columns, so the DDL cannot drift from the code.
 */

/** Coarse column type, the same in every dialect (what the DDL test compares). */
export type RelationalColumnType = 'int' | 'bigint' | 'decimal' | 'text' | 'date' | 'timestamp' | 'boolean' | 'binary';

/** Tables → ordered columns with their coarse type. */
export const RELATIONAL_TABLES = {
  XLOVCode: { LOVName: 'text', Code: 'int', Text: 'text', ShortText: 'text', BFSCode: 'text', SortKey: 'int', IsActive: 'boolean' },
  BaPerson: {
    BaPersonID: 'int',
    Name: 'text',
    Vorname: 'text',
    Geburtsdatum: 'date',
    GeschlechtCode: 'int',
    ZivilstandCode: 'int',
    Versichertennummer: 'text',
    NationalitaetCode: 'text',
    Testperson: 'boolean',
    ErfasstAm: 'timestamp',
  },
  BaAdresse: {
    BaAdresseID: 'int',
    BaPersonID: 'int',
    AdresseTypCode: 'int',
    Strasse: 'text',
    HausNr: 'text',
    PLZ: 'int',
    Ort: 'text',
    GemeindeBFS: 'int',
    LandCode: 'text',
    DatumVon: 'date',
    DatumBis: 'date',
  },
  FaLeistung: {
    FaLeistungID: 'int',
    BaPersonID: 'int',
    ModulCode: 'int',
    Fallnummer: 'text',
    GemeindeCode: 'int',
    SachbearbeiterID: 'int',
    DatumVon: 'date',
    DatumBis: 'date',
    AbschlussgrundCode: 'int',
    BFSLeistungsartCode: 'int',
    IstTestfall: 'boolean',
  },
  FaPhase: { FaPhaseID: 'int', FaLeistungID: 'int', PhaseCode: 'int', DatumVon: 'date', DatumBis: 'date' },
  BgFinanzplan: { BgFinanzplanID: 'int', FaLeistungID: 'int', WhHilfeTypCode: 'int', DatumVon: 'date', DatumBis: 'date', Haushaltsgroesse: 'int' },
  BgFinanzplan_BaPerson: { BgFinanzplan_BaPersonID: 'int', BgFinanzplanID: 'int', BaPersonID: 'int', RolleCode: 'int', IstUnterstuetzt: 'boolean' },
  BgBudget: { BgBudgetID: 'int', BgFinanzplanID: 'int', FaLeistungID: 'int', Jahr: 'int', Monat: 'int', MasterBudget: 'boolean', BewilligungStatusCode: 'int' },
  BgPosition: {
    BgPositionID: 'bigint',
    BgBudgetID: 'int',
    BaPersonID: 'int',
    BgPositionsartCode: 'int',
    Betrag: 'decimal',
    Reduktion: 'decimal',
    DatumVon: 'date',
    DatumBis: 'date',
  },
  KbBuchung: {
    KbBuchungID: 'bigint',
    FaLeistungID: 'int',
    BaPersonID: 'int',
    BgBudgetID: 'int',
    Belegnummer: 'text',
    BuchungstypCode: 'int',
    BuchungsDatum: 'date',
    ValutaDatum: 'date',
    Betrag: 'decimal',
    SollKonto: 'text',
    HabenKonto: 'text',
    StatusCode: 'int',
    StornoKbBuchungID: 'bigint',
  },
  IkRechtstitel: {
    IkRechtstitelID: 'int',
    FaLeistungID: 'int',
    GlaeubigerBaPersonID: 'int',
    SchuldnerBaPersonID: 'int',
    RechtstitelTypCode: 'int',
    RechtskraftText: 'text',
    GueltigVon: 'date',
    GueltigBis: 'date',
    BasisKinderalimente: 'decimal',
  },
  IkForderung: {
    IkForderungID: 'int',
    IkRechtstitelID: 'int',
    ForderungTypCode: 'int',
    BetragText: 'text',
    GueltigVon: 'date',
    GueltigBis: 'date',
    ALBVBerechtigt: 'boolean',
  },
  KesMassnahme: {
    KesMassnahmeID: 'int',
    BaPersonID: 'int',
    FaLeistungID: 'int',
    IsKS: 'boolean',
    MassnahmeCode: 'int',
    ZGBArtikel: 'text',
    DatumVon: 'date',
    DatumBis: 'date',
  },
  KaEinsatz: {
    KaEinsatzID: 'int',
    BaPersonID: 'int',
    FaLeistungID: 'int',
    EinsatzTypCode: 'int',
    AnweisungCode: 'int',
    Einsatzplatz: 'text',
    Pensum: 'int',
    DatumVon: 'date',
    DatumBis: 'date',
  },
  FaDokument: {
    FaDokumentID: 'int',
    FaLeistungID: 'int',
    BaPersonID: 'int',
    DokumentTypCode: 'int',
    Dateiname: 'text',
    MediaType: 'text',
    DateiGroesse: 'int',
    ErstelltAm: 'date',
    Inhalt: 'binary',
  },
} as const satisfies Readonly<Record<string, Readonly<Record<string, RelationalColumnType>>>>;

/** A table of the profile. */
export type RelationalTable = keyof typeof RELATIONAL_TABLES;

/** The value of one generated cell (dates as `YYYY-MM-DD`, decimals as exact strings, blobs as bytes). */
export type RelationalCell = string | number | boolean | null | Uint8Array;

/** Tables in load order (parents first). */
export const RELATIONAL_TABLE_NAMES = Object.keys(RELATIONAL_TABLES) as RelationalTable[];

/** Ordered column names of a table. */
export function relationalColumns(table: RelationalTable): readonly string[] {
  return Object.keys(RELATIONAL_TABLES[table]);
}
