/**
 * The edit forms, described once: which fields the project form and each record form have, in the
 * project file's names (`funding.grant`, `dueDate`), with their Hungarian labels and the permission
 * each needs. One generic template renders any of them; the form body is read back by the same
 * descriptions.
 */
import { parsePartialDate } from "../domain/dates.js";
import type { EditableList } from "../services/projectEditService.js";
import { formatDayOfMoment, formatMoment, formatPartialDate } from "../rendering/dates.js";
import { formatForints } from "../rendering/numbers.js";
import { parseMoment } from "../domain/dates.js";
import { NOTICE_PUBLICATION } from "../domain/permissions.js";
import {
  DELIVERABLE_LABELS,
  EVENT_LABELS,
  METHOD_LABELS,
  NOTICE_LABELS,
  OBLIGATION_LABELS,
  ROLE_LABELS,
  STATUS_LABELS,
} from "./labels.js";

export type FieldKind = "text" | "textarea" | "date" | "moment" | "amount" | "number" | "select" | "checkbox" | "email";

export interface FieldSpec {
  /** The field's name in the project file, also the form input's name: `title`, `funding.grant`. */
  name: string;
  label: string;
  kind: FieldKind;
  /** Code → Hungarian name, for selects. */
  options?: Record<string, string>;
  hint?: string;
  /** The project column a change of this field changes (for a record's field, `entity.column`): what the permission check names. */
  column?: string;
  /** Lines of a textarea, when a field is for longer text than most. */
  rows?: number;
}

export interface FieldGroup {
  legend: string;
  fields: FieldSpec[];
}

export interface ListSpec {
  list: EditableList;
  /** The list in URLs: `/kezelo/projektek/:key/merfoldkovek/uj`. */
  slug: string;
  /** The record kind as the audit trail and the permission table name it. */
  entity: string;
  heading: string;
  /** "új mérföldkő", "mérföldkő szerkesztése" */
  noun: string;
  /** The field that names one record in lists. */
  titleField: string;
  fields: FieldSpec[];
}

const DATE_HINT = "pl. 2021. május 13., 2021.05.13. vagy 2021-05-13; hónap vagy év is lehet";
const AMOUNT_HINT = "pl. 29 110 000 Ft vagy 29,11 millió Ft";

const text = (name: string, label: string, column?: string): FieldSpec => ({ name, label, kind: "text", column });
const date = (name: string, label: string, column?: string): FieldSpec => ({ name, label, kind: "date", hint: DATE_HINT, column });
const amount = (name: string, label: string, column?: string): FieldSpec => ({ name, label, kind: "amount", hint: AMOUNT_HINT, column });
const select = (name: string, label: string, options: Record<string, string>, column?: string): FieldSpec => ({ name, label, kind: "select", options, column });

export const PROJECT_FORM: FieldGroup[] = [
  {
    legend: "Alapadatok",
    fields: [
      text("title", "Projekt címe", "title"),
      text("shortTitle", "Rövid cím", "short_title"),
      select("status", "Állapot", STATUS_LABELS, "status"),
      {
        name: "closureReason",
        label: "Lezárás indoklása (csak adminisztrátor)",
        kind: "textarea",
        hint: "ha a projektet úgy kell lezárni, hogy a zárási feltételek nem teljesülnek: miért",
        column: "closure_reason",
      },
      { name: "summary", label: "A projekt bemutatása (nyilvános)", kind: "textarea", column: "summary" },
      { name: "internalNotes", label: "Belső megjegyzés (nem nyilvános)", kind: "textarea", column: "internal_notes" },
    ],
  },
  {
    legend: "Közzététel",
    fields: [{ ...date("publishedFrom", "Nyilvános ettől a naptól", "published_from"), hint: "üresen hagyva a projekt nem nyilvános; pl. 2021. május 13." }],
  },
  {
    legend: "Időpontok",
    fields: [
      date("dates.decision", "Támogatói döntés", "decision_date"),
      date("dates.start", "Kezdés", "start_date"),
      date("dates.plannedEnd", "Tervezett befejezés", "planned_end_date"),
      date("dates.actualEnd", "Tényleges befejezés", "actual_end_date"),
      date("dates.sustainabilityEnd", "Fenntartási időszak vége", "sustainability_end_date"),
    ],
  },
  {
    legend: "Finanszírozás (a támogatási szerződés szerint)",
    fields: [
      amount("funding.totalCost", "Összköltség", "contracted_total_cost"),
      amount("funding.grant", "Támogatás", "contracted_grant"),
      amount("funding.ownContribution", "Önerő", "contracted_own_contribution"),
      amount("funding.grantPaid", "Kifizetett támogatás", "grant_paid"),
      { name: "funding.euCofinancingRate", label: "Uniós társfinanszírozási arány (%)", kind: "number", hint: "pl. 85 vagy 85,5", column: "eu_cofinancing_rate" },
      { name: "funding.explanation", label: "Eltérés magyarázata", kind: "textarea", hint: "ha a támogatás és az önerő összege nem az összköltség", column: "funding_explanation" },
    ],
  },
  {
    legend: "Helyszín",
    fields: [
      text("location.settlement", "Település", "settlement"),
      text("location.county", "Megye", "county"),
      text("location.region", "Régió", "region"),
      { ...text("location.country", "Ország (kétbetűs kód)", "country"), hint: "pl. HU" },
      text("location.indicator", "Helyszín kódja", "location_indicator"),
    ],
  },
  {
    legend: "Kapcsolattartó",
    fields: [
      text("contact.name", "Név", "contact_name"),
      text("contact.position", "Beosztás", "contact_position"),
      { name: "contact.email", label: "E-mail-cím", kind: "email", column: "contact_email" },
      text("contact.phone", "Telefonszám", "contact_phone"),
    ],
  },
];

/** What a new project needs beyond the call: the form that starts one. */
export const NEW_PROJECT_FORM: FieldGroup[] = [
  {
    legend: "A projekt",
    fields: [
      { ...text("identifier", "Projektazonosító"), hint: "pl. GINOP_PLUSZ-1.2.2-22-2022-00001; üresen hagyható, ha még nincs" },
      { ...text("call.code", "Felhívás kódja"), hint: "pl. GINOP_PLUSZ-1.2.2-22" },
      text("title", "Projekt címe"),
      select("status", "Állapot", STATUS_LABELS),
    ],
  },
  {
    legend: "Kedvezményezett",
    fields: [text("beneficiary.name", "Név"), { ...text("beneficiary.taxNumber", "Adószám"), hint: "pl. 12345678-1-23" }],
  },
  PROJECT_FORM[2]!,
  { ...PROJECT_FORM[3]!, fields: PROJECT_FORM[3]!.fields.slice(0, 3) },
];

export const LIST_FORMS: Record<EditableList, ListSpec> = {
  partners: {
    list: "partners",
    slug: "partnerek",
    entity: "partner",
    heading: "Konzorciumi partnerek",
    noun: "konzorciumi partner",
    titleField: "name",
    fields: [
      text("name", "Szervezet neve"),
      { ...text("taxNumber", "Adószám"), hint: "pl. 12345678-1-23" },
      select("role", "Szerep", ROLE_LABELS),
      amount("grantShare", "Támogatásrész"),
      text("address", "Cím"),
      text("phone", "Telefonszám"),
      { name: "email", label: "E-mail-cím", kind: "email" },
      text("website", "Honlap"),
    ],
  },
  milestones: {
    list: "milestones",
    slug: "merfoldkovek",
    entity: "milestone",
    heading: "Mérföldkövek",
    noun: "mérföldkő",
    titleField: "title",
    fields: [text("title", "Megnevezés"), date("dueDate", "Határidő"), date("achievedDate", "Teljesítés dátuma")],
  },
  deliverables: {
    list: "deliverables",
    slug: "eredmenytermekek",
    entity: "deliverable",
    heading: "Eredménytermékek",
    noun: "eredménytermék",
    titleField: "title",
    fields: [
      text("title", "Cím"),
      select("kind", "Típus", DELIVERABLE_LABELS),
      date("dueDate", "Határidő"),
      date("deliveredDate", "Elkészült"),
      { name: "notDeliveredReason", label: "Ha nem készül el: miért", kind: "textarea" },
      { name: "public", label: "Nyilvános", kind: "checkbox" },
    ],
  },
  events: {
    list: "events",
    slug: "rendezvenyek",
    entity: "event",
    heading: "Rendezvények",
    noun: "rendezvény",
    titleField: "title",
    fields: [
      text("title", "Megnevezés"),
      select("kind", "Típus", EVENT_LABELS),
      date("date", "Dátum"),
      date("endDate", "Záró nap"),
      text("place", "Helyszín"),
      { name: "participants", label: "Résztvevők száma", kind: "number" },
      { name: "count", label: "Tervezett alkalmak száma", kind: "number", hint: "egy sorozatnál több, pl. 6" },
      { name: "held", label: "Megtartott alkalmak száma", kind: "number" },
      { name: "international", label: "Nemzetközi", kind: "checkbox" },
    ],
  },
  procurements: {
    list: "procurements",
    slug: "beszerzesek",
    entity: "procurement",
    heading: "Beszerzések",
    noun: "beszerzés",
    titleField: "subject",
    fields: [
      text("subject", "Tárgy"),
      text("contractor", "Nyertes ajánlattevő"),
      select("method", "Eljárás", METHOD_LABELS),
      amount("amount", "Szerződéses érték"),
      date("contractDate", "Szerződéskötés"),
    ],
  },
  indicators: {
    list: "indicators",
    slug: "indikatorok",
    entity: "indicator",
    heading: "Indikátorok",
    noun: "indikátor",
    titleField: "name",
    fields: [
      text("name", "Megnevezés"),
      text("unit", "Mértékegység"),
      { name: "baseline", label: "Kiinduló érték", kind: "number" },
      { name: "target", label: "Célérték", kind: "number" },
      { name: "achieved", label: "Elért érték", kind: "number" },
    ],
  },
  amendments: {
    list: "amendments",
    slug: "szerzodesmodositasok",
    entity: "funding_amendment",
    heading: "Szerződésmódosítások",
    noun: "szerződésmódosítás",
    titleField: "reference",
    fields: [
      { ...date("effectiveDate", "Hatályos ettől"), hint: "napra pontosan, pl. 2023. január 5." },
      text("reference", "Hivatkozás (pl. 1. sz. módosítás)"),
      { name: "reason", label: "Indok", kind: "textarea" },
      { ...amount("totalCost", "Új összköltség"), hint: "üresen hagyva változatlan; pl. 29 110 000 Ft" },
      { ...amount("grant", "Új támogatás"), hint: "üresen hagyva változatlan; pl. 29 110 000 Ft" },
      { ...amount("ownContribution", "Új önerő"), hint: "üresen hagyva változatlan; pl. 29 110 000 Ft" },
    ],
  },
  notices: {
    list: "notices",
    slug: "kozlemenyek",
    entity: "notice",
    heading: "Közlemények",
    noun: "közlemény",
    titleField: "title",
    fields: [
      select("kind", "Fajta", NOTICE_LABELS),
      text("title", "Cím"),
      {
        name: "body",
        label: "Szöveg",
        kind: "textarea",
        rows: 18,
        hint: "Markdown: üres sor új bekezdést kezd; **félkövér**, *dőlt*, [hivatkozás szövege](https://…), felsorolás „- ” jellel a sor elején",
      },
      {
        name: "publishedAt",
        label: "Közzététel időpontja",
        kind: "moment",
        column: NOTICE_PUBLICATION,
        hint: "üresen hagyva piszkozat marad; pl. 2026. december 1. 9:00 vagy 2026. december 1. – jövőbeli időpontban magától jelenik meg",
      },
    ],
  },
  obligations: {
    list: "obligations",
    slug: "kotelezettsegek",
    entity: "obligation",
    heading: "Kötelezettségek",
    noun: "kötelezettség",
    titleField: "title",
    fields: [
      select("kind", "Fajta", OBLIGATION_LABELS),
      text("title", "Megnevezés"),
      date("dueDate", "Határidő"),
      date("doneDate", "Teljesítve"),
    ],
  },
};

export const listBySlug = (slug: string): ListSpec | undefined => Object.values(LIST_FORMS).find((l) => l.slug === slug);

export const fieldsOf = (groups: FieldGroup[]): FieldSpec[] => groups.flatMap((g) => g.fields);

/** The value at a dotted name of a document. */
export function valueAt(document: Record<string, unknown>, name: string): unknown {
  return name.split(".").reduce<unknown>((value, key) => (value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined), document);
}

/** A stored value as the form shows it, in the words the form accepts back unchanged. */
export function displayValue(spec: FieldSpec, value: unknown): string {
  if (value === null || value === undefined) return "";
  if (spec.kind === "checkbox") return value ? "on" : "";
  if (typeof value === "object" && "name" in (value as object)) return String((value as { name: unknown }).name);
  if (spec.kind === "date") return formatPartialDate(parsePartialDate(String(value)));
  if (spec.kind === "amount") return formatForints(Number(value));
  if (spec.kind === "number") return String(value).replace(".", ",");
  if (spec.kind === "moment") {
    // Shown as a day when it starts its Budapest day, else with the time of day; either is read back as
    // the same moment. One with seconds is shown as stored, so that saving the form leaves it alone.
    const shown = [formatDayOfMoment(String(value)), formatMoment(String(value))].find((text) => parseMoment(text) === value);
    return shown ?? String(value);
  }
  return String(value);
}

/** The lists whose records are marked done with a date from the project page, and the date's field. */
export const DONE_FIELDS: Partial<Record<EditableList, string>> = { milestones: "achievedDate", deliverables: "deliveredDate" };
