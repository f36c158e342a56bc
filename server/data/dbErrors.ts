/**
 * PostgreSQL error codes become domain errors here, so no caller ever sees a
 * driver error. Messages name the rule that was broken, in Hungarian.
 */
import { ConstraintError } from "../errors.js";

interface PgError {
  code?: string;
  constraint?: string;
  column?: string;
  table?: string;
  detail?: string;
}

const CONSTRAINT_MESSAGES: Record<string, string> = {
  projects_identifier_unique: "Már létezik projekt ezzel az azonosítóval.",
  projects_uid_unique: "Ez a uid már egy másik projekté.",
  project_external_keys_source_key_unique: "Ez a külső kulcs (forrás és kulcs) már egy másik projekté.",
  deliverables_links_http: "A hivatkozás címe http:// vagy https:// kezdetű kell legyen.",
  notices_links_http: "A hivatkozás címe http:// vagy https:// kezdetű kell legyen.",
  deliverables_delivered_or_not: "Egy eredménytermék vagy teljesült, vagy nem teljesült (indoklással), a kettő egyszerre nem.",
  funding_amendments_reference_present: "A szerződésmódosítás hivatkozása (pl. „2. számú szerződésmódosítás”) nem lehet üres.",
  projects_eu_cofinancing_rate_percent: "Az uniós társfinanszírozási arány 0 és 100 százalék között lehet.",
  projects_country_code: "Az ország kétbetűs kód (pl. HU).",
  projects_identifier_or_call: "A projekthez azonosító vagy felhívás-kód kell.",
  projects_title_present: "A projekt címe nem lehet üres.",
  projects_status_known: "Ismeretlen projektállapot.",
  projects_money_not_negative: "Pénzösszeg nem lehet negatív.",
  projects_beneficiary_id_foreign: "A kedvezményezett szervezet nem létezik.",
  projects_call_id_foreign: "A felhívás nem létezik.",
  organisations_tax_number_shape: "Az adószám alakja 12345678-1-23.",
  organisations_tax_number_unique: "Már létezik szervezet ezzel az adószámmal.",
  organisations_name_present: "A szervezet neve nem lehet üres.",
  organisations_name_unique_without_tax_number: "Már létezik adószám nélküli szervezet ezzel a névvel; adja meg az adószámát.",
  programmes_code_unique: "Már létezik operatív program ezzel a kóddal.",
  project_partners_one_lead: "Egy projektnek csak egy konzorciumvezetője lehet.",
  project_partners_project_id_organisation_id_unique: "Egy szervezet csak egyszer lehet partner ugyanabban a projektben.",
  project_partners_role_known: "A partner szerepe lead (vezető) vagy member (tag) lehet.",
  calls_code_unique: "Már létezik felhívás ezzel a kóddal.",
  calls_regular_has_programme: "A szabályos felhívás-kódhoz operatív program tartozik.",
  events_end_not_before_start: "Az esemény vége nem lehet korábbi a kezdeténél.",
  events_occurrences_positive: "Egy eseménysorozat legalább egy alkalomból áll.",
  users_email_unique: "Már van felhasználó ezzel az e-mail-címmel.",
  users_roles_known: "Ismeretlen szerepkör.",
  notices_published_has_date: "A közzétett közleménynek közzétételi dátuma van, a piszkozatnak nincs.",
};

const GENERIC_BY_CODE: Record<string, string> = {
  "23505": "Ilyen adat már létezik.",
  "23503": "A hivatkozott adat nem létezik, vagy más adat hivatkozik rá.",
  "23514": "Az adat megsérti az adatbázis egy szabályát.",
  "23502": "Kötelező mező hiányzik.",
  "22P02": "Érvénytelen érték.",
  "22003": "A szám túl nagy.",
  "22001": "A szöveg túl hosszú.",
};

/** What a broken unique constraint means, in Hungarian. */
export function constraintMessage(constraint: string): string {
  return CONSTRAINT_MESSAGES[constraint] ?? GENERIC_BY_CODE["23505"]!;
}

/** Translates a database error into a ConstraintError; other errors pass through unchanged. */
export function translateDbError(error: unknown): unknown {
  const pgError = error as PgError;
  const code = pgError?.code;
  if (!code || !(code in GENERIC_BY_CODE)) return error;
  const constraint = pgError.constraint;
  let message =
    (constraint && CONSTRAINT_MESSAGES[constraint]) ??
    (constraint && /_precision$/.test(constraint)
      ? "A dátum pontossága (év, hónap, nap) nem illik a dátumhoz."
      : constraint && /_uid_unique$/.test(constraint)
        ? "Ez a uid már egy másik rekordhoz tartozik."
        : GENERIC_BY_CODE[code]!);
  if (code === "23502" && pgError.column) message = `Kötelező mező hiányzik: ${pgError.table}.${pgError.column}.`;
  return new ConstraintError(message, constraint);
}

/** Runs a database operation, translating its errors. */
export async function guarded<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw translateDbError(error);
  }
}

/** Socket errors, PostgreSQL's connection and shutdown classes (08, 57P01–57P03), and the pool's timeout. */
const UNAVAILABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "57P01", "57P02", "57P03"]);
// knex puts the statement before the driver's message ("select … - Connection terminated unexpectedly"), so these
// are looked for anywhere in it.
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/,
  /^Knex: Timeout acquiring a connection/,
  /^timeout expired$/i,
  /Client has encountered a connection error and is not queryable/,
  /Client was closed and is not queryable/,
];

/** True when an error says the database cannot be reached right now (down, restarting, unreachable), not that a query was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === "string" && (UNAVAILABLE_CODES.has(code) || code.startsWith("08"))) return true;
  return typeof message === "string" && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
}

/**
 * True when the database's disk is full (PostgreSQL's 53100 disk_full, or the file system's own ENOSPC/EDQUOT): the
 * write was rolled back, what was committed before is intact, and only freeing space helps.
 */
export function isDiskFull(error: unknown): boolean {
  const { code } = (error ?? {}) as { code?: unknown };
  return code === "53100" || code === "ENOSPC" || code === "EDQUOT";
}
