-- casebridge relational reference profile: a KiSS-style legacy case-management schema (PostgreSQL).
-- Synthetic example only; table and column names follow the style of the .NET/SQL Server case products.
-- Keep in sync with mariadb.sql and mssql.sql (a test compares the three).
-- Identifiers are quoted so that PostgreSQL keeps the legacy CamelCase names.

-- Installation-specific code table: one row per (list, code), with a separate BFS code column.
CREATE TABLE "XLOVCode" (
  "LOVName" VARCHAR(50) NOT NULL,
  "Code" INT NOT NULL,
  "Text" VARCHAR(200) NOT NULL,
  "ShortText" VARCHAR(50) NULL,
  "BFSCode" VARCHAR(20) NULL,
  "SortKey" INT NULL,
  "IsActive" BOOLEAN NOT NULL DEFAULT TRUE,
  PRIMARY KEY ("LOVName", "Code")
);

CREATE TABLE "BaPerson" (
  "BaPersonID" INT NOT NULL PRIMARY KEY,
  "Name" VARCHAR(100) NOT NULL,
  "Vorname" VARCHAR(100) NOT NULL,
  "Geburtsdatum" DATE NULL,
  "GeschlechtCode" INT NULL,
  "ZivilstandCode" INT NULL,
  "Versichertennummer" VARCHAR(20) NULL,
  "NationalitaetCode" CHAR(2) NULL,
  "Testperson" BOOLEAN NOT NULL DEFAULT FALSE,
  "ErfasstAm" TIMESTAMP NULL
);

CREATE TABLE "BaAdresse" (
  "BaAdresseID" INT NOT NULL PRIMARY KEY,
  "BaPersonID" INT NOT NULL,
  "AdresseTypCode" INT NOT NULL,
  "Strasse" VARCHAR(100) NULL,
  "HausNr" VARCHAR(20) NULL,
  "PLZ" INT NULL,
  "Ort" VARCHAR(100) NULL,
  "GemeindeBFS" INT NULL,
  "LandCode" CHAR(2) NULL,
  "DatumVon" DATE NULL,
  "DatumBis" DATE NULL
);

CREATE TABLE "FaLeistung" (
  "FaLeistungID" INT NOT NULL PRIMARY KEY,
  "BaPersonID" INT NULL,
  "ModulCode" INT NOT NULL,
  "Fallnummer" VARCHAR(30) NULL,
  "GemeindeCode" INT NOT NULL,
  "SachbearbeiterID" INT NULL,
  "DatumVon" DATE NOT NULL,
  "DatumBis" DATE NULL,
  "AbschlussgrundCode" INT NULL,
  "BFSLeistungsartCode" INT NULL,
  "IstTestfall" BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE "FaPhase" (
  "FaPhaseID" INT NOT NULL PRIMARY KEY,
  "FaLeistungID" INT NOT NULL,
  "PhaseCode" INT NOT NULL,
  "DatumVon" DATE NOT NULL,
  "DatumBis" DATE NULL
);

CREATE TABLE "BgFinanzplan" (
  "BgFinanzplanID" INT NOT NULL PRIMARY KEY,
  "FaLeistungID" INT NOT NULL,
  "WhHilfeTypCode" INT NOT NULL,
  "DatumVon" DATE NOT NULL,
  "DatumBis" DATE NULL,
  "Haushaltsgroesse" INT NULL
);

-- Members of the support unit (Unterstützungseinheit) of a financial plan.
CREATE TABLE "BgFinanzplan_BaPerson" (
  "BgFinanzplan_BaPersonID" INT NOT NULL PRIMARY KEY,
  "BgFinanzplanID" INT NOT NULL,
  "BaPersonID" INT NOT NULL,
  "RolleCode" INT NOT NULL,
  "IstUnterstuetzt" BOOLEAN NOT NULL
);

CREATE TABLE "BgBudget" (
  "BgBudgetID" INT NOT NULL PRIMARY KEY,
  "BgFinanzplanID" INT NOT NULL,
  "FaLeistungID" INT NOT NULL,
  "Jahr" INT NOT NULL,
  "Monat" INT NOT NULL,
  "MasterBudget" BOOLEAN NOT NULL DEFAULT FALSE,
  "BewilligungStatusCode" INT NULL
);

CREATE TABLE "BgPosition" (
  "BgPositionID" BIGINT NOT NULL PRIMARY KEY,
  "BgBudgetID" INT NOT NULL,
  "BaPersonID" INT NULL,
  "BgPositionsartCode" INT NOT NULL,
  "Betrag" DECIMAL(12,2) NOT NULL,
  "Reduktion" DECIMAL(12,2) NULL,
  "DatumVon" DATE NULL,
  "DatumBis" DATE NULL
);

-- Client accounting (Klientenbuchhaltung); a storno points at the booking it reverses.
CREATE TABLE "KbBuchung" (
  "KbBuchungID" BIGINT NOT NULL PRIMARY KEY,
  "FaLeistungID" INT NULL,
  "BaPersonID" INT NULL,
  "BgBudgetID" INT NULL,
  "Belegnummer" VARCHAR(30) NULL,
  "BuchungstypCode" INT NOT NULL,
  "BuchungsDatum" DATE NOT NULL,
  "ValutaDatum" DATE NULL,
  "Betrag" DECIMAL(12,2) NOT NULL,
  "SollKonto" VARCHAR(20) NULL,
  "HabenKonto" VARCHAR(20) NULL,
  "StatusCode" INT NULL,
  "StornoKbBuchungID" BIGINT NULL
);

-- Collection: legal maintenance titles; RechtskraftText is a legacy dd.mm.yyyy text column.
CREATE TABLE "IkRechtstitel" (
  "IkRechtstitelID" INT NOT NULL PRIMARY KEY,
  "FaLeistungID" INT NULL,
  "GlaeubigerBaPersonID" INT NOT NULL,
  "SchuldnerBaPersonID" INT NULL,
  "RechtstitelTypCode" INT NOT NULL,
  "RechtskraftText" VARCHAR(20) NULL,
  "GueltigVon" DATE NULL,
  "GueltigBis" DATE NULL,
  "BasisKinderalimente" DECIMAL(12,2) NULL
);

-- Periodic claims of a title; the amount is free text as the old collection module stored it.
CREATE TABLE "IkForderung" (
  "IkForderungID" INT NOT NULL PRIMARY KEY,
  "IkRechtstitelID" INT NOT NULL,
  "ForderungTypCode" INT NOT NULL,
  "BetragText" VARCHAR(30) NOT NULL,
  "GueltigVon" DATE NOT NULL,
  "GueltigBis" DATE NULL,
  "ALBVBerechtigt" BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE "KesMassnahme" (
  "KesMassnahmeID" INT NOT NULL PRIMARY KEY,
  "BaPersonID" INT NOT NULL,
  "FaLeistungID" INT NULL,
  "IsKS" BOOLEAN NOT NULL,
  "MassnahmeCode" INT NOT NULL,
  "ZGBArtikel" VARCHAR(30) NULL,
  "DatumVon" DATE NOT NULL,
  "DatumBis" DATE NULL
);

-- Labour-integration assignments (Einsätze).
CREATE TABLE "KaEinsatz" (
  "KaEinsatzID" INT NOT NULL PRIMARY KEY,
  "BaPersonID" INT NOT NULL,
  "FaLeistungID" INT NULL,
  "EinsatzTypCode" INT NOT NULL,
  "AnweisungCode" INT NULL,
  "Einsatzplatz" VARCHAR(100) NULL,
  "Pensum" INT NULL,
  "DatumVon" DATE NOT NULL,
  "DatumBis" DATE NULL
);

-- Case documents with their content as a BLOB.
CREATE TABLE "FaDokument" (
  "FaDokumentID" INT NOT NULL PRIMARY KEY,
  "FaLeistungID" INT NOT NULL,
  "BaPersonID" INT NULL,
  "DokumentTypCode" INT NOT NULL,
  "Dateiname" VARCHAR(255) NOT NULL,
  "MediaType" VARCHAR(100) NOT NULL,
  "DateiGroesse" INT NOT NULL,
  "ErstelltAm" DATE NOT NULL,
  "Inhalt" BYTEA NOT NULL
);
