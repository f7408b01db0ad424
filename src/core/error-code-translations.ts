/**
 * Meaning and remedy of every error code in German and French, for the "What stopped the run" section
 * of the reports. Typed over every `ErrorCode`, so a new code without both translations does not compile.
 */
import { ERROR_CODE_DESCRIPTIONS } from './error-code-descriptions.js';
import type { ErrorCode } from './errors.js';
import type { ReportLanguage } from './report/i18n/report-language.js';

/** Meaning and remedy of one error code in one language. */
export interface TranslatedErrorCode {
  readonly meaning: string;
  readonly remedy: string;
}

/** German meaning and remedy of every error code. */
export const ERROR_CODE_TEXT_DE: Readonly<Record<ErrorCode, TranslatedErrorCode>> = {
  CB_CONFIGURATION_INVALID: {
    meaning: 'Ein Konfigurationswert (Konfigurationsdatei, Option, Umgebungsvariable) fehlt oder ist falsch.',
    remedy: 'Korrigieren Sie das in Meldung und Details genannte Feld.',
  },
  CB_CONNECTION_FAILED: {
    meaning: 'Eine Datenbank oder Datei war nicht erreichbar, oder die Verbindung brach ab.',
    remedy: 'Prüfen Sie Host, Port, Netzwerk und ob die Datenbank existiert.',
  },
  CB_AUTHENTICATION_FAILED: {
    meaning: 'Die Datenbank hat die Anmeldedaten abgelehnt (oder es waren keine konfiguriert, wo sie nötig sind).',
    remedy: 'Prüfen Sie den Benutzer und die Passwortquelle (passwordEnv); Anmeldedaten erscheinen nie in der Fehlermeldung.',
  },
  CB_DRIVER_MISSING: {
    meaning: 'Ein optionales Treiberpaket (pg, mysql2, mssql) ist nicht installiert.',
    remedy: 'Installieren Sie das in details.package genannte Paket.',
  },
  CB_QUERY_FAILED: {
    meaning: 'Eine Abfrage ist aus einem anderen Grund als einer Einschränkung, einem fehlenden Objekt oder falschen Daten fehlgeschlagen.',
    remedy: 'Siehe Details (SQLSTATE oder Treibercode) und Operation; der Treiberfehler bleibt als Ursache erhalten.',
  },
  CB_TABLE_NOT_FOUND: {
    meaning: 'Eine in Abbildung, Konfiguration oder Ziel genannte Tabelle existiert nicht.',
    remedy: 'Prüfen Sie den Tabellennamen; bereiten Sie bei einem Ziel zuerst sein Schema vor.',
  },
  CB_COLUMN_NOT_FOUND: {
    meaning: 'Eine in Abbildung oder Konfiguration genannte Spalte existiert nicht, oder ein Zielschema ist veraltet.',
    remedy: 'Prüfen Sie den Spaltennamen; migrieren Sie das Zielschema.',
  },
  CB_UNIQUE_VIOLATION: {
    meaning: 'Eine Eindeutigkeitsbedingung hat einen Schreibvorgang abgelehnt.',
    remedy: 'Suchen Sie doppelte Schlüssel in der Quelle; der betroffene Wert wird nie zitiert.',
  },
  CB_FOREIGN_KEY_VIOLATION: {
    meaning: 'Ein Fremdschlüssel hat einen Schreibvorgang abgelehnt.',
    remedy: 'Laden Sie zuerst die referenzierten Datensätze (dependsOn der Abbildung).',
  },
  CB_NOT_NULL_VIOLATION: {
    meaning: 'Eine NOT-NULL-Bedingung hat einen Schreibvorgang abgelehnt.',
    remedy: 'Füllen Sie die in den Details genannte Spalte, oder korrigieren Sie die Abbildung.',
  },
  CB_CHECK_VIOLATION: { meaning: 'Eine Prüfbedingung hat einen Schreibvorgang abgelehnt.', remedy: 'Siehe die in den Details genannte Bedingung.' },
  CB_DATA_EXCEPTION: {
    meaning: 'Die Datenbank hat einen Wert abgelehnt (ausserhalb des Bereichs, falsches Format, abgeschnitten).',
    remedy: 'Prüfen Sie die Spaltentypen; der Wert selbst wird nie gemeldet.',
  },
  CB_TIMEOUT: {
    meaning: 'Ein Vorgang hat sein Zeitlimit überschritten (Statement-Timeout, KILL durch den Server).',
    remedy: 'Erhöhen Sie das Zeitlimit oder verkleinern Sie die Stapelgrösse.',
  },
  CB_CANCELLED: {
    meaning: 'Ein Vorgang wurde über sein AbortSignal gestoppt.',
    remedy: 'Nichts nötig; ein abgebrochener Lauf kann mit seiner Lauf-ID fortgesetzt werden.',
  },
  CB_SOURCE_FORMAT_INVALID: {
    meaning: 'Eine Quelldatei oder ein Wert hat nicht das angegebene Format (CSV-Struktur, JSON Lines, Kodierung).',
    remedy: 'Prüfen Sie Datei, Trennzeichen und Kodierung gemäss Details (Zeilennummern, nie Inhalte).',
  },
  CB_SCHEMA_INVALID: {
    meaning: 'Ein JSON-Schema oder eine Modelldefinition ist selbst fehlerhaft (nicht ein Datensatz, der es verletzt).',
    remedy: 'Korrigieren Sie das Schema; Datensätze, die ein Schema verletzen, sind Prüfprobleme, keine Fehler.',
  },
  CB_UNKNOWN_ENTITY: {
    meaning: 'Ein Entitätsname gehört nicht zum kanonischen Modell.',
    remedy: 'Verwenden Sie einen der Entitätsnamen des Modells (docs/model.md).',
  },
  CB_MAPPING_INVALID: {
    meaning: 'Eine Abbildungsdefinition ist ungültig (ein Definitionsfehler, kein Problem eines Datensatzes).',
    remedy: 'Korrigieren Sie die in den Details genannte Abbildung.',
  },
  CB_CODE_LIST_INVALID: {
    meaning: 'Eine Codelisten-Zuordnung (CSV) ist ungültig: unbekannte Zielcodes, Duplikate, falsche Kopfzeile.',
    remedy: 'Korrigieren Sie die Zuordnungsdatei an der in den Details genannten Zeile.',
  },
  CB_RUN_UNBALANCED: {
    meaning: 'Die Erhaltung ist verletzt: gelesen unterscheidet sich von geladen + gefiltert + in Quarantäne.',
    remedy: 'Ein Defekt, nie erwartet: melden Sie ihn; der Lauf ist fehlgeschlagen und sein Journal wird nicht fortgesetzt.',
  },
  CB_RUN_FAILED: {
    meaning: 'Ein Migrationslauf ist fehlgeschlagen (Schwellenwerte, Abgleich oder ein Fehler während des Laufs).',
    remedy: 'Lesen Sie den Laufbericht: Gründe, Schwellenwerte, Abgleich.',
  },
  CB_CHECKPOINT_INVALID: {
    meaning: 'Eine Lauf-ID kann nicht gestartet oder fortgesetzt werden (bereits beendet, oder mit Fortschritt, ohne dass Fortsetzen verlangt wurde).',
    remedy: 'Verwenden Sie eine neue Lauf-ID, oder verlangen Sie für einen unterbrochenen Lauf das Fortsetzen.',
  },
  CB_TARGET_NOT_READY: {
    meaning: 'Das Ziel wurde benutzt, bevor es geöffnet oder sein Schema vorbereitet war, oder nachdem es geschlossen wurde.',
    remedy: 'Öffnen Sie das Ziel (die Engine tut es) und teilen Sie es nicht zwischen gleichzeitigen Läufen.',
  },
  CB_FEED_GAP: {
    meaning:
      'Ein Änderungspaket eines Lieferstroms folgt nicht auf das zuletzt angewandte (Sequenznummer oder Verweis auf das vorherige Manifest passen nicht): eine Lieferung fehlt.',
    remedy: 'Wenden Sie zuerst die fehlenden Änderungspakete in Sequenzreihenfolge an; von diesem wurde nichts angewandt.',
  },
  CB_FEED_REPLAY: {
    meaning: 'Ein Änderungspaket eines Lieferstroms wurde bereits angewandt.',
    remedy: 'Überspringen Sie es: der Empfänger hat seine Änderungen bereits; nichts wurde doppelt angewandt.',
  },
  CB_ROLLBACK_REFUSED: {
    meaning:
      'Ein Lauf kann nicht rückgängig gemacht werden: das Protokoll kennt ihn nicht, er läuft noch, er wurde bereits rückgängig gemacht, oder ein späterer, nicht rückgängig gemachter Lauf derselben Gemeinde und desselben Quellsystems baut auf ihm auf (die Details nennen diesen Lauf).',
    remedy:
      'Machen Sie zuerst den in den Details genannten späteren Lauf rückgängig (den neuesten zuerst), oder warten Sie, bis der Lauf beendet ist; nichts wurde geändert.',
  },
  CB_DELETION_GUARD: {
    meaning:
      'Eine Vollabzug-Lieferung würde mehr aktive Datensätze löschen, als der Schutz vor Massenlöschungen erlaubt (z. B. ein halb leerer Export); der Lauf stoppte vor dem Schreiben.',
    remedy: 'Prüfen Sie den Quellexport; sind die Löschungen echt, erhöhen Sie `deletions.maxShare` für diese Lieferung.',
  },
  CB_NOT_IMPLEMENTED: {
    meaning: 'Ein vorbereiteter Teil eines Konnektors ist noch nicht umgesetzt.',
    remedy: 'Setzen Sie den in der Meldung genannten Teil um; sein Konformitätstest zeigt, was fehlt.',
  },
  CB_DOCUMENT_REF_INVALID: {
    meaning: 'Ein Dokumentverweis ist unbrauchbar (verlässt den Exportordner, falsche Schlüsselform).',
    remedy: 'Korrigieren Sie den Dokumentverweis in der Quelle; die Details nennen ihn pseudonym.',
  },
  CB_DOCUMENT_READ_FAILED: {
    meaning: 'Das Lesen des Inhalts eines Dokuments ist fehlgeschlagen.',
    remedy: 'Prüfen Sie, ob die Datei existiert und lesbar ist; die Details nennen sie pseudonym.',
  },
  CB_TENANT_MISSING: {
    meaning: 'Ein Lauf nennt keine Gemeinde (BFS-Nummer) oder kein Quellsystem; es gibt keinen Standardwert.',
    remedy: 'Setzen Sie `tenant: { commune, sourceSystem }` in der Konfiguration (oder `commune`/`sourceSystem` in defineMigration).',
  },
  CB_TENANT_INVALID: {
    meaning: 'Die Gemeinde ist keine im angegebenen Jahr gültige BFS-Gemeindenummer, oder der Name des Quellsystems ist unbrauchbar.',
    remedy: 'Verwenden Sie die BFS-Nummer der Gemeinde, wie sie im Datenjahr war (siehe Gemeindeverzeichnis).',
  },
  CB_TENANT_MISMATCH: {
    meaning:
      'Ein Lauf wollte Zeilen einer anderen Gemeinde oder eines anderen Quellsystems schreiben, ändern oder zählen; der Stapel wurde abgelehnt, nichts wurde geschrieben.',
    remedy: 'Prüfen Sie die Abbildung: IDs müssen aus `ctx.id` kommen, und jeder Lauf lädt nur seine eigene Gemeinde.',
  },
  CB_RUN_LOCKED: {
    meaning:
      'Ein anderer Lauf hält die Sperre: dieselbe Lauf-ID wird anderswo fortgesetzt, oder ein anderer Lauf schreibt dasselbe Quellsystem in dieses Ziel.',
    remedy: 'Warten Sie, bis der in den Details genannte Lauf (holderRunId, holderStartedAt) endet, und starten oder setzen Sie dann erneut fort.',
  },
  CB_ID_SCHEME_MISMATCH: {
    meaning:
      'Ein Lauf verlangte ein anderes ID-Schema (uuidv5 oder ordered) als die früheren Läufe derselben Gemeinde und desselben Quellsystems in diesem Speicher; gemischt bekäme jeder Datensatz eine zweite ID. Nichts wurde geschrieben.',
    remedy: 'Lassen Sie `options.idScheme` weg (das gespeicherte Schema gilt) oder setzen Sie das in den Details genannte Schema (storeIdScheme).',
  },
  CB_WORKER_MISMATCH: {
    meaning:
      'Das Worker-Modul (`options.workers.module`) liefert andere Mappings (Namen oder Versionen, in den Details) als die Definition, oder einen anderen Validator oder eine andere Lineage-Regel; der Lauf hielt vor der ersten gelesenen Zeile an. Nichts wurde geschrieben.',
    remedy:
      'Exportieren Sie aus dem Worker-Modul die Mappings der Definition, mit deren Validator und Lineage-Regel genau dann, wenn sie eigene setzt, oder laufen Sie ohne Worker.',
  },
  CB_WORKER_FAILED: {
    meaning:
      'Ein Map-Worker-Thread konnte das Worker-Modul nicht laden oder scheiterte beim Abbilden eines Stapels (die Ursache ist angegeben); dieser Stapel wurde nicht übernommen.',
    remedy: 'Beheben Sie das in der Ursache genannte Modul oder Mapping und setzen Sie den Lauf fort (oder laufen Sie ohne Worker).',
  },
  CB_INTERNAL: {
    meaning: 'Ein unerwarteter Fehler in casebridge oder ein fremder Fehler während eines Laufs (nur seine Klasse wird gemeldet).',
    remedy: 'Melden Sie ihn mit der Lauf-ID; die Meldung enthält nie Daten.',
  },
};

/** French meaning and remedy of every error code. */
export const ERROR_CODE_TEXT_FR: Readonly<Record<ErrorCode, TranslatedErrorCode>> = {
  CB_CONFIGURATION_INVALID: {
    meaning: 'Une valeur de configuration (fichier de configuration, option, variable d’environnement) manque ou est fausse.',
    remedy: 'Corrigez le champ nommé dans le message et les détails.',
  },
  CB_CONNECTION_FAILED: {
    meaning: 'Une base de données ou un fichier n’a pas pu être atteint, ou la connexion a été interrompue.',
    remedy: 'Vérifiez l’hôte, le port, le réseau et que la base de données existe.',
  },
  CB_AUTHENTICATION_FAILED: {
    meaning: 'La base de données a refusé les identifiants (ou aucun n’était configuré là où il en faut).',
    remedy: 'Vérifiez l’utilisateur et la source du mot de passe (passwordEnv) ; les identifiants n’apparaissent jamais dans l’erreur.',
  },
  CB_DRIVER_MISSING: {
    meaning: 'Un paquet de pilote facultatif (pg, mysql2, mssql) n’est pas installé.',
    remedy: 'Installez le paquet nommé dans details.package.',
  },
  CB_QUERY_FAILED: {
    meaning: 'Une requête a échoué pour une autre raison qu’une contrainte, un objet manquant ou des données erronées.',
    remedy: 'Voir les détails (SQLSTATE ou code du pilote) et l’opération ; l’erreur du pilote est conservée comme cause.',
  },
  CB_TABLE_NOT_FOUND: {
    meaning: 'Une table nommée dans une correspondance, la configuration ou une cible n’existe pas.',
    remedy: 'Vérifiez le nom de la table ; pour une cible, préparez d’abord son schéma.',
  },
  CB_COLUMN_NOT_FOUND: {
    meaning: 'Une colonne nommée dans une correspondance ou la configuration n’existe pas, ou un schéma cible est périmé.',
    remedy: 'Vérifiez le nom de la colonne ; migrez le schéma cible.',
  },
  CB_UNIQUE_VIOLATION: {
    meaning: 'Une contrainte d’unicité a refusé une écriture.',
    remedy: 'Cherchez des clés en double dans la source ; la valeur en cause n’est jamais citée.',
  },
  CB_FOREIGN_KEY_VIOLATION: {
    meaning: 'Une clé étrangère a refusé une écriture.',
    remedy: 'Chargez d’abord les enregistrements référencés (dependsOn de la correspondance).',
  },
  CB_NOT_NULL_VIOLATION: {
    meaning: 'Une contrainte NOT NULL a refusé une écriture.',
    remedy: 'Remplissez la colonne nommée dans les détails, ou corrigez la correspondance.',
  },
  CB_CHECK_VIOLATION: { meaning: 'Une contrainte de vérification a refusé une écriture.', remedy: 'Voir la contrainte nommée dans les détails.' },
  CB_DATA_EXCEPTION: {
    meaning: 'La base de données a refusé une valeur (hors plage, mauvais format, tronquée).',
    remedy: 'Vérifiez les types des colonnes ; la valeur elle-même n’est jamais signalée.',
  },
  CB_TIMEOUT: {
    meaning: 'Une opération a dépassé son délai (délai d’instruction, KILL du serveur).',
    remedy: 'Augmentez le délai ou réduisez la taille des lots.',
  },
  CB_CANCELLED: {
    meaning: 'Une opération a été arrêtée par son AbortSignal.',
    remedy: 'Rien à faire ; une exécution interrompue peut reprendre avec son identifiant.',
  },
  CB_SOURCE_FORMAT_INVALID: {
    meaning: 'Un fichier ou une valeur source n’a pas le format annoncé (structure CSV, JSON Lines, encodage).',
    remedy: 'Vérifiez le fichier, le séparateur et l’encodage indiqués dans les détails (numéros de ligne, jamais le contenu).',
  },
  CB_SCHEMA_INVALID: {
    meaning: 'Un schéma JSON ou une définition du modèle est lui-même défectueux (pas un enregistrement qui ne le respecte pas).',
    remedy: 'Corrigez le schéma ; les enregistrements qui ne respectent pas un schéma sont des problèmes de validation, pas des erreurs.',
  },
  CB_UNKNOWN_ENTITY: {
    meaning: 'Un nom d’entité ne fait pas partie du modèle canonique.',
    remedy: 'Utilisez l’un des noms d’entité du modèle (docs/model.md).',
  },
  CB_MAPPING_INVALID: {
    meaning: 'Une définition de correspondance est invalide (une erreur de définition, pas un problème d’enregistrement).',
    remedy: 'Corrigez la correspondance nommée dans les détails.',
  },
  CB_CODE_LIST_INVALID: {
    meaning: 'Une table de correspondance de codes (CSV) est invalide : codes cibles inconnus, doublons, en-tête erroné.',
    remedy: 'Corrigez le fichier à la ligne indiquée dans les détails.',
  },
  CB_RUN_UNBALANCED: {
    meaning: 'La conservation est violée : les lignes lues diffèrent de chargées + filtrées + en quarantaine.',
    remedy: 'Un défaut, jamais attendu : signalez-le ; l’exécution a échoué et son journal n’est pas poursuivi.',
  },
  CB_RUN_FAILED: {
    meaning: 'Une exécution de migration a échoué (seuils, rapprochement ou erreur pendant l’exécution).',
    remedy: 'Lisez le rapport d’exécution : motifs, seuils, rapprochement.',
  },
  CB_CHECKPOINT_INVALID: {
    meaning: 'Un identifiant d’exécution ne peut être ni lancé ni repris (déjà terminé, ou avec une progression sans demande de reprise).',
    remedy: 'Utilisez un nouvel identifiant, ou demandez la reprise pour une exécution interrompue.',
  },
  CB_TARGET_NOT_READY: {
    meaning: 'La cible a été utilisée avant d’être ouverte ou d’avoir son schéma préparé, ou après avoir été fermée.',
    remedy: 'Ouvrez la cible (le moteur le fait) et ne la partagez pas entre des exécutions simultanées.',
  },
  CB_FEED_GAP: {
    meaning:
      'Un lot de modifications d’un flux de livraison ne suit pas le dernier appliqué (numéro de séquence ou lien vers le manifeste précédent discordant) : une livraison manque.',
    remedy: 'Appliquez d’abord les lots manquants, dans l’ordre de séquence ; rien de celui-ci n’a été appliqué.',
  },
  CB_FEED_REPLAY: {
    meaning: 'Un lot de modifications d’un flux de livraison a déjà été appliqué.',
    remedy: 'Ignorez-le : le destinataire détient déjà ses modifications ; rien n’a été appliqué deux fois.',
  },
  CB_ROLLBACK_REFUSED: {
    meaning:
      'Une exécution ne peut pas être annulée : le registre ne la connaît pas, elle est encore en cours, elle a déjà été annulée, ou une exécution ultérieure non annulée de la même commune et du même système source s’appuie sur elle (les détails la nomment).',
    remedy:
      'Annulez d’abord l’exécution ultérieure nommée dans les détails (la plus récente d’abord), ou attendez la fin de l’exécution ; rien n’a été modifié.',
  },
  CB_DELETION_GUARD: {
    meaning:
      'Une livraison complète supprimerait plus d’enregistrements actifs que le garde-fou contre les suppressions massives ne l’autorise (p. ex. un export à moitié vide) ; l’exécution s’est arrêtée avant d’écrire.',
    remedy: 'Vérifiez l’export source ; si les suppressions sont réelles, augmentez `deletions.maxShare` pour cette livraison.',
  },
  CB_NOT_IMPLEMENTED: {
    meaning: 'Une partie préparée d’un connecteur n’est pas encore implémentée.',
    remedy: 'Implémentez la partie nommée dans le message ; son test de conformité montre ce qui reste.',
  },
  CB_DOCUMENT_REF_INVALID: {
    meaning: 'Une référence de document est inutilisable (sort du dossier d’export, forme de clé erronée).',
    remedy: 'Corrigez la référence du document dans la source ; les détails la nomment de façon pseudonyme.',
  },
  CB_DOCUMENT_READ_FAILED: {
    meaning: 'La lecture du contenu d’un document a échoué.',
    remedy: 'Vérifiez que le fichier existe et est lisible ; les détails le nomment de façon pseudonyme.',
  },
  CB_TENANT_MISSING: {
    meaning: 'Une exécution ne nomme aucune commune (numéro OFS) ou aucun système source ; il n’y a pas de valeur par défaut.',
    remedy: 'Définissez `tenant: { commune, sourceSystem }` dans la configuration (ou `commune`/`sourceSystem` dans defineMigration).',
  },
  CB_TENANT_INVALID: {
    meaning: 'La commune n’est pas un numéro OFS de commune valide pour l’année donnée, ou le nom du système source est inutilisable.',
    remedy: 'Utilisez le numéro OFS de la commune tel qu’il était durant l’année des données (voir la liste des communes).',
  },
  CB_TENANT_MISMATCH: {
    meaning:
      'Une exécution a tenté d’écrire, de modifier ou de compter des lignes d’une autre commune ou d’un autre système source ; le lot a été refusé et rien n’a été écrit.',
    remedy: 'Vérifiez la correspondance : les identifiants doivent venir de `ctx.id`, et chaque exécution ne charge que sa propre commune.',
  },
  CB_RUN_LOCKED: {
    meaning:
      'Une autre exécution détient le verrou : le même identifiant est repris ailleurs, ou une autre exécution écrit le même système source dans cette cible.',
    remedy: 'Attendez la fin de l’exécution nommée dans les détails (holderRunId, holderStartedAt), puis lancez ou reprenez à nouveau.',
  },
  CB_ID_SCHEME_MISMATCH: {
    meaning:
      'Une exécution a demandé un autre schéma d’identifiants (uuidv5 ou ordered) que les exécutions antérieures de la même commune et du même système source dans ce stockage ; les mélanger donnerait à chaque enregistrement un second identifiant. Rien n’a été écrit.',
    remedy: 'Omettez `options.idScheme` (le schéma enregistré s’applique) ou indiquez le schéma nommé dans les détails (storeIdScheme).',
  },
  CB_WORKER_MISMATCH: {
    meaning:
      'Le module des workers (`options.workers.module`) fournit d’autres correspondances (noms ou versions, dans les détails) que la définition, ou un autre validateur ou une autre règle de lignage ; l’exécution s’est arrêtée avant de lire une ligne. Rien n’a été écrit.',
    remedy:
      'Exportez du module les correspondances de la définition, avec son validateur et sa règle de lignage exactement quand elle a les siens, ou exécutez sans workers.',
  },
  CB_WORKER_FAILED: {
    meaning:
      'Un thread worker n’a pas pu charger le module des workers ou a échoué en transformant un lot (la cause est conservée) ; ce lot n’a pas été validé.',
    remedy: 'Corrigez le module ou la correspondance nommés par la cause, puis reprenez l’exécution (ou exécutez sans workers).',
  },
  CB_INTERNAL: {
    meaning: 'Une erreur inattendue dans casebridge ou une erreur étrangère pendant une exécution (seule sa classe est signalée).',
    remedy: 'Signalez-la avec l’identifiant de l’exécution ; le message ne contient jamais de données.',
  },
};

/** Meaning and remedy of an error code in `lang`, or undefined for a code casebridge does not know. */
export function errorCodeTextIn(code: string, lang: ReportLanguage): TranslatedErrorCode | undefined {
  if (!Object.hasOwn(ERROR_CODE_DESCRIPTIONS, code)) return undefined;
  const known = code as ErrorCode;
  if (lang === 'de') return ERROR_CODE_TEXT_DE[known];
  if (lang === 'fr') return ERROR_CODE_TEXT_FR[known];
  const { meaning, remedy } = ERROR_CODE_DESCRIPTIONS[known];
  return { meaning, remedy };
}
