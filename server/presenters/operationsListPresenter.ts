/**
 * The list of operations as open data: one column list shared by the CSV, the
 * JSON and the page that describes them. CSV cells follow the EU portal's
 * upload conventions (dates dd/MM/yyyy, amounts as plain whole forints, a
 * currency column); JSON keeps ISO dates at their precision and numbers.
 */
import { firstDay, lastDay, toIsoTextOrNull, dayInBudapest, type PartialDate } from "../domain/dates.js";
import { operationPeriod, type Operation, type OperationPeriod } from "../domain/operationsList.js";
import { STATUS_LABELS } from "./labels.js";

interface Column {
  /** The CSV header. */
  header: string;
  /** The JSON key. */
  key: string;
  /** What the column holds, for the page that describes the data. */
  meaning: string;
  csv(operation: Operation, period: OperationPeriod): string;
  json(operation: Operation, period: OperationPeriod): unknown;
}

const CURRENCY = "HUF";
/** Several values in one CSV cell. */
const LIST_SEPARATOR = " | ";

/** "YYYY-MM-DD" → "dd/MM/yyyy". */
const dayMonthYear = (isoDay: string) => isoDay.split("-").reverse().join("/");
const csvDay = (date: PartialDate | null, bound: (d: PartialDate) => string) => (date ? dayMonthYear(bound(date)) : "");
const csvAmount = (amount: number | null) => (amount === null ? "" : String(amount));
/** A decimal comma, as Excel reads numbers under Hungarian settings. */
const csvDecimal = (value: number | null) => (value === null ? "" : String(value).replace(".", ","));
const text = (value: string | null) => value ?? "";

const END_KIND_CSV = { actual: "tényleges", planned: "tervezett", beforeStart: "a kezdés előtti, ezért nincs közölve" };
const endKind = (period: OperationPeriod) =>
  period.endWithheld ? "beforeStart" : period.end === null ? null : period.endIsActual ? "actual" : "planned";

export const OPERATION_COLUMNS: readonly Column[] = [
  { header: "Egyedi kód", key: "uid", meaning: "A művelet állandó egyedi kódja (nem változik, ha az azonosítót javítják)", csv: (o) => o.uid, json: (o) => o.uid },
  { header: "Projektazonosító", key: "identifier", meaning: "A projekt azonosító száma; régi projekteknél hiányozhat", csv: (o) => text(o.identifier), json: (o) => o.identifier },
  { header: "Kedvezményezett", key: "beneficiary", meaning: "A kedvezményezett (konzorciumnál a vezető) neve", csv: (o) => o.beneficiary, json: (o) => o.beneficiary },
  {
    header: "Közbeszerzések nyertesei",
    key: "contractors",
    meaning: "A projekt beszerzéseinek nyertes ajánlattevői (CSV-ben függőleges vonal választja el őket)",
    csv: (o) => o.contractors.join(LIST_SEPARATOR),
    json: (o) => o.contractors,
  },
  { header: "Projekt címe", key: "title", meaning: "A művelet neve", csv: (o) => o.title, json: (o) => o.title },
  { header: "Célok és eredmények", key: "summary", meaning: "A projekt céljainak és eredményeinek nyilvános leírása (Markdown szöveg)", csv: (o) => text(o.summary), json: (o) => o.summary },
  { header: "Operatív program kódja", key: "programmeCode", meaning: "Például KÖFOP, GINOP_PLUSZ", csv: (o) => text(o.programme?.code ?? null), json: (o) => o.programme?.code ?? null },
  { header: "Operatív program", key: "programme", meaning: "Az operatív program neve", csv: (o) => text(o.programme?.name ?? null), json: (o) => o.programme?.name ?? null },
  { header: "Felhívás kódja", key: "callCode", meaning: "Például KÖFOP-1.0.0-VEKOP-15", csv: (o) => text(o.call?.code ?? null), json: (o) => o.call?.code ?? null },
  { header: "Felhívás címe", key: "callTitle", meaning: "A felhívás (konstrukció) címe", csv: (o) => text(o.call?.title ?? null), json: (o) => o.call?.title ?? null },
  { header: "Alap kódja", key: "fundCodes", meaning: "A támogató alap(ok) rövid neve, például ERFA, ESZA+", csv: (o) => o.funds.map((f) => f.code).join(LIST_SEPARATOR), json: (o) => o.funds.map((f) => f.code) },
  { header: "Alap", key: "funds", meaning: "A támogató alap(ok) teljes neve", csv: (o) => o.funds.map((f) => f.name).join(LIST_SEPARATOR), json: (o) => o.funds.map((f) => f.name) },
  { header: "Konkrét célkitűzés", key: "specificObjective", meaning: "A program konkrét célkitűzése", csv: (o) => text(o.specificObjective), json: (o) => o.specificObjective },
  { header: "Beavatkozás típusa", key: "interventionType", meaning: "A beavatkozási terület (kód vagy megnevezés)", csv: (o) => text(o.interventionType), json: (o) => o.interventionType },
  {
    header: "Kezdés dátuma",
    key: "startDate",
    meaning: "CSV: nn/hh/éééé (csak évre vagy hónapra ismert dátumnál az időszak első napja); JSON: ISO a tudott pontossággal",
    csv: (_o, p) => csvDay(p.start, firstDay),
    json: (_o, p) => toIsoTextOrNull(p.start),
  },
  {
    header: "Befejezés dátuma",
    key: "endDate",
    meaning: "A tényleges, ennek hiányában a tervezett befejezés. CSV: nn/hh/éééé (évre vagy hónapra ismert dátumnál az időszak utolsó napja); üres, ha a kezdés előtt volna",
    csv: (_o, p) => csvDay(p.end, lastDay),
    json: (_o, p) => toIsoTextOrNull(p.end),
  },
  {
    header: "Befejezés jellege",
    key: "endDateKind",
    meaning: "CSV: tényleges / tervezett / a kezdés előtti, ezért nincs közölve; JSON: actual / planned / beforeStart",
    csv: (_o, p) => {
      const kind = endKind(p);
      return kind === null ? "" : END_KIND_CSV[kind];
    },
    json: (_o, p) => endKind(p),
  },
  { header: "Összköltség", key: "totalCost", meaning: "Elszámolható összköltség (hatályos, módosításokkal), egész forint", csv: (o) => csvAmount(o.funding.totalCost), json: (o) => o.funding.totalCost },
  { header: "Támogatás", key: "grant", meaning: "Szerződött támogatás (hatályos), egész forint", csv: (o) => csvAmount(o.funding.grant), json: (o) => o.funding.grant },
  { header: "Önerő", key: "ownContribution", meaning: "Saját forrás (hatályos), egész forint", csv: (o) => csvAmount(o.funding.ownContribution), json: (o) => o.funding.ownContribution },
  { header: "Pénznem", key: "currency", meaning: "Mindig HUF", csv: () => CURRENCY, json: () => CURRENCY },
  {
    header: "Uniós társfinanszírozási arány (%)",
    key: "euCofinancingRate",
    meaning: "Az uniós társfinanszírozás aránya százalékban (CSV-ben tizedesvesszővel)",
    csv: (o) => csvDecimal(o.euCofinancingRate),
    json: (o) => o.euCofinancingRate,
  },
  { header: "Település", key: "settlement", meaning: "A megvalósítás helye", csv: (o) => text(o.location.settlement), json: (o) => o.location.settlement },
  { header: "Megye", key: "county", meaning: "A megvalósítás megyéje", csv: (o) => text(o.location.county), json: (o) => o.location.county },
  { header: "Helymeghatározó", key: "locationIndicator", meaning: "A hely kódja (például NUTS- vagy KSH-településkód)", csv: (o) => text(o.location.indicator), json: (o) => o.location.indicator },
  { header: "Ország", key: "country", meaning: "ISO 3166 kétbetűs országkód, például HU", csv: (o) => o.location.country, json: (o) => o.location.country },
  { header: "Állapot", key: "status", meaning: "CSV: tervezett, leszerződött, megvalósítás alatt, befejezett, lezárt, visszavont; JSON: a kód (planned … withdrawn)", csv: (o) => STATUS_LABELS[o.status], json: (o) => o.status },
  {
    header: "Utolsó módosítás",
    key: "lastUpdated",
    meaning: "A projekt adatainak utolsó változása. CSV: a budapesti nap nn/hh/éééé alakban; JSON: ISO időpont",
    csv: (o) => dayMonthYear(firstDay(dayInBudapest(new Date(o.updatedAt)))),
    json: (o) => o.updatedAt,
  },
];

export const OPERATION_HEADERS = OPERATION_COLUMNS.map((c) => c.header);

/** One CSV record, in the order of OPERATION_HEADERS. */
export function operationCsvRecord(operation: Operation): string[] {
  const period = operationPeriod(operation.dates);
  return OPERATION_COLUMNS.map((c) => c.csv(operation, period));
}

/** One JSON object, keyed as OPERATION_COLUMNS say. */
export function operationJson(operation: Operation): Record<string, unknown> {
  const period = operationPeriod(operation.dates);
  return Object.fromEntries(OPERATION_COLUMNS.map((c) => [c.key, c.json(operation, period)]));
}
