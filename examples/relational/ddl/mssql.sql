-- casebridge relational reference profile: a KiSS-style legacy case-management schema (SQL Server).
-- Synthetic example only; table and column names follow the style of the .NET/SQL Server case products.
-- Keep in sync with mariadb.sql and postgres.sql (a test compares the three).
-- Not executed in CI (no SQL Server here); the DDL test checks it declares the same tables and columns.

-- Installation-specific code table: one row per (list, code), with a separate BFS code column.
CREATE TABLE dbo.XLOVCode (
  LOVName NVARCHAR(50) NOT NULL,
  Code INT NOT NULL,
  Text NVARCHAR(200) NOT NULL,
  ShortText NVARCHAR(50) NULL,
  BFSCode NVARCHAR(20) NULL,
  SortKey INT NULL,
  IsActive BIT NOT NULL DEFAULT 1,
  PRIMARY KEY (LOVName, Code)
);
GO

CREATE TABLE dbo.BaPerson (
  BaPersonID INT NOT NULL PRIMARY KEY,
  Name NVARCHAR(100) NOT NULL,
  Vorname NVARCHAR(100) NOT NULL,
  Geburtsdatum DATE NULL,
  GeschlechtCode INT NULL,
  ZivilstandCode INT NULL,
  Versichertennummer NVARCHAR(20) NULL,
  NationalitaetCode NCHAR(2) NULL,
  Testperson BIT NOT NULL DEFAULT 0,
  ErfasstAm DATETIME2 NULL
);
GO

CREATE TABLE dbo.BaAdresse (
  BaAdresseID INT NOT NULL PRIMARY KEY,
  BaPersonID INT NOT NULL,
  AdresseTypCode INT NOT NULL,
  Strasse NVARCHAR(100) NULL,
  HausNr NVARCHAR(20) NULL,
  PLZ INT NULL,
  Ort NVARCHAR(100) NULL,
  GemeindeBFS INT NULL,
  LandCode NCHAR(2) NULL,
  DatumVon DATE NULL,
  DatumBis DATE NULL
);
GO

CREATE TABLE dbo.FaLeistung (
  FaLeistungID INT NOT NULL PRIMARY KEY,
  BaPersonID INT NULL,
  ModulCode INT NOT NULL,
  Fallnummer NVARCHAR(30) NULL,
  GemeindeCode INT NOT NULL,
  SachbearbeiterID INT NULL,
  DatumVon DATE NOT NULL,
  DatumBis DATE NULL,
  AbschlussgrundCode INT NULL,
  BFSLeistungsartCode INT NULL,
  IstTestfall BIT NOT NULL DEFAULT 0
);
GO

CREATE TABLE dbo.FaPhase (
  FaPhaseID INT NOT NULL PRIMARY KEY,
  FaLeistungID INT NOT NULL,
  PhaseCode INT NOT NULL,
  DatumVon DATE NOT NULL,
  DatumBis DATE NULL
);
GO

CREATE TABLE dbo.BgFinanzplan (
  BgFinanzplanID INT NOT NULL PRIMARY KEY,
  FaLeistungID INT NOT NULL,
  WhHilfeTypCode INT NOT NULL,
  DatumVon DATE NOT NULL,
  DatumBis DATE NULL,
  Haushaltsgroesse INT NULL
);
GO

-- Members of the support unit (Unterstützungseinheit) of a financial plan.
CREATE TABLE dbo.BgFinanzplan_BaPerson (
  BgFinanzplan_BaPersonID INT NOT NULL PRIMARY KEY,
  BgFinanzplanID INT NOT NULL,
  BaPersonID INT NOT NULL,
  RolleCode INT NOT NULL,
  IstUnterstuetzt BIT NOT NULL
);
GO

CREATE TABLE dbo.BgBudget (
  BgBudgetID INT NOT NULL PRIMARY KEY,
  BgFinanzplanID INT NOT NULL,
  FaLeistungID INT NOT NULL,
  Jahr INT NOT NULL,
  Monat INT NOT NULL,
  MasterBudget BIT NOT NULL DEFAULT 0,
  BewilligungStatusCode INT NULL
);
GO

CREATE TABLE dbo.BgPosition (
  BgPositionID BIGINT NOT NULL PRIMARY KEY,
  BgBudgetID INT NOT NULL,
  BaPersonID INT NULL,
  BgPositionsartCode INT NOT NULL,
  Betrag DECIMAL(12,2) NOT NULL,
  Reduktion DECIMAL(12,2) NULL,
  DatumVon DATE NULL,
  DatumBis DATE NULL
);
GO

-- Client accounting (Klientenbuchhaltung); a storno points at the booking it reverses.
CREATE TABLE dbo.KbBuchung (
  KbBuchungID BIGINT NOT NULL PRIMARY KEY,
  FaLeistungID INT NULL,
  BaPersonID INT NULL,
  BgBudgetID INT NULL,
  Belegnummer NVARCHAR(30) NULL,
  BuchungstypCode INT NOT NULL,
  BuchungsDatum DATE NOT NULL,
  ValutaDatum DATE NULL,
  Betrag DECIMAL(12,2) NOT NULL,
  SollKonto NVARCHAR(20) NULL,
  HabenKonto NVARCHAR(20) NULL,
  StatusCode INT NULL,
  StornoKbBuchungID BIGINT NULL
);
GO

-- Collection: legal maintenance titles; RechtskraftText is a legacy dd.mm.yyyy text column.
CREATE TABLE dbo.IkRechtstitel (
  IkRechtstitelID INT NOT NULL PRIMARY KEY,
  FaLeistungID INT NULL,
  GlaeubigerBaPersonID INT NOT NULL,
  SchuldnerBaPersonID INT NULL,
  RechtstitelTypCode INT NOT NULL,
  RechtskraftText NVARCHAR(20) NULL,
  GueltigVon DATE NULL,
  GueltigBis DATE NULL,
  BasisKinderalimente DECIMAL(12,2) NULL
);
GO

-- Periodic claims of a title; the amount is free text as the old collection module stored it.
CREATE TABLE dbo.IkForderung (
  IkForderungID INT NOT NULL PRIMARY KEY,
  IkRechtstitelID INT NOT NULL,
  ForderungTypCode INT NOT NULL,
  BetragText NVARCHAR(30) NOT NULL,
  GueltigVon DATE NOT NULL,
  GueltigBis DATE NULL,
  ALBVBerechtigt BIT NOT NULL DEFAULT 0
);
GO

CREATE TABLE dbo.KesMassnahme (
  KesMassnahmeID INT NOT NULL PRIMARY KEY,
  BaPersonID INT NOT NULL,
  FaLeistungID INT NULL,
  IsKS BIT NOT NULL,
  MassnahmeCode INT NOT NULL,
  ZGBArtikel NVARCHAR(30) NULL,
  DatumVon DATE NOT NULL,
  DatumBis DATE NULL
);
GO

-- Labour-integration assignments (Einsätze).
CREATE TABLE dbo.KaEinsatz (
  KaEinsatzID INT NOT NULL PRIMARY KEY,
  BaPersonID INT NOT NULL,
  FaLeistungID INT NULL,
  EinsatzTypCode INT NOT NULL,
  AnweisungCode INT NULL,
  Einsatzplatz NVARCHAR(100) NULL,
  Pensum INT NULL,
  DatumVon DATE NOT NULL,
  DatumBis DATE NULL
);
GO

-- Case documents with their content as a BLOB.
CREATE TABLE dbo.FaDokument (
  FaDokumentID INT NOT NULL PRIMARY KEY,
  FaLeistungID INT NOT NULL,
  BaPersonID INT NULL,
  DokumentTypCode INT NOT NULL,
  Dateiname NVARCHAR(255) NOT NULL,
  MediaType NVARCHAR(100) NOT NULL,
  DateiGroesse INT NOT NULL,
  ErstelltAm DATE NOT NULL,
  Inhalt VARBINARY(MAX) NOT NULL
);
GO
