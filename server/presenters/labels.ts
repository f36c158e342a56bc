/** The Hungarian name of every coded value, as pages show it and as people write it in project files. */
import type {
  DeliverableKind,
  EventKind,
  NoticeKind,
  ObligationKind,
  PartnerRole,
  ProcurementMethod,
  ProjectStatus,
} from "../domain/project.js";
import type { Role } from "../domain/permissions.js";
import type { ReviewOutcome, ReviewState } from "../domain/review.js";

export const STATUS_LABELS: Record<ProjectStatus, string> = {
  planned: "tervezett",
  contracted: "leszerződött",
  in_progress: "megvalósítás alatt",
  completed: "befejezett",
  closed: "lezárt",
  withdrawn: "visszavont",
};

export const DELIVERABLE_LABELS: Record<DeliverableKind, string> = {
  study: "tanulmány",
  analysis: "elemzés",
  report: "jelentés",
  regulation: "szabályzat",
  guide: "útmutató",
  handbook: "kézikönyv",
  methodology: "módszertan",
  training: "képzési anyag",
  plan: "terv",
  strategy: "stratégia",
  concept: "koncepció",
  survey: "felmérés",
  it_system: "informatikai rendszer",
  website: "honlap",
  publication: "kiadvány",
  other: "egyéb",
};

export const EVENT_LABELS: Record<EventKind, string> = {
  conference: "konferencia",
  seminar: "szeminárium",
  workshop: "workshop",
  training: "képzés",
  forum: "fórum",
  press: "sajtóesemény",
  info_day: "tájékoztató nap",
  study_visit: "tanulmányút",
  exhibition: "kiállítás",
  ceremony: "ünnepség",
  other: "egyéb",
};

export const METHOD_LABELS: Record<ProcurementMethod, string> = {
  open: "nyílt eljárás",
  restricted: "meghívásos eljárás",
  negotiated: "tárgyalásos eljárás",
  negotiated_without_notice: "hirdetmény nélküli tárgyalásos eljárás",
  competitive_dialogue: "versenypárbeszéd",
  innovation_partnership: "innovációs partnerség",
  framework_call_off: "keretmegállapodás alapján",
  national_simplified: "nemzeti eljárásrend",
  direct: "közvetlen beszerzés",
  unspecified: "közbeszerzés",
  other: "egyéb beszerzés",
};

export const NOTICE_LABELS: Record<NoticeKind, string> = { start: "projektindító", progress: "tájékoztató", closing: "záró" };

export const ROLE_LABELS: Record<PartnerRole, string> = { lead: "konzorciumvezető", member: "konzorciumi tag" };

export const OBLIGATION_LABELS: Record<ObligationKind, string> = {
  progress_report: "projekt előrehaladási jelentés",
  payment_claim: "kifizetési kérelem",
  closing_report: "záró beszámoló",
  sustainability_report: "fenntartási jelentés",
  other: "egyéb kötelezettség",
};

export const USER_ROLE_LABELS: Record<Role, string> = {
  admin: "adminisztrátor",
  project_manager: "projektmenedzser",
  communication: "kommunikációs munkatárs",
  auditor: "auditor",
};

/** Roles as a sentence names them: "adminisztrátor, projektmenedzser vagy kommunikációs munkatárs". */
export function roleNames(roles: readonly Role[]): string {
  const names = roles.map((r) => USER_ROLE_LABELS[r]);
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} vagy ${names.at(-1)}`;
}

/** Project fields (as the audit trail names them) and record kinds, as people call them. */
export const FIELD_LABELS: Record<string, string> = {
  identifier: "projektazonosító",
  call: "felhívás",
  title: "projekt címe",
  short_title: "rövid cím",
  summary: "projekt bemutatása",
  internal_notes: "belső megjegyzés",
  closure_reason: "lezárás indoklása",
  status: "állapot",
  published_from: "közzététel kezdete",
  beneficiary: "kedvezményezett",
  settlement: "település",
  county: "megye",
  region: "régió",
  country: "ország",
  location_indicator: "helyszín kódja",
  specific_objective: "egyedi célkitűzés",
  intervention_type: "beavatkozási terület",
  contracted_total_cost: "szerződött összköltség",
  contracted_grant: "szerződött támogatás",
  contracted_own_contribution: "szerződött önerő",
  total_cost: "összköltség",
  grant_amount: "támogatás",
  own_contribution: "önerő",
  grant_paid: "kifizetett támogatás",
  eu_cofinancing_rate: "uniós társfinanszírozási arány",
  funding_explanation: "finanszírozás magyarázata",
  contact_name: "kapcsolattartó neve",
  contact_position: "kapcsolattartó beosztása",
  contact_email: "kapcsolattartó e-mail-címe",
  contact_phone: "kapcsolattartó telefonszáma",
  decision_date: "támogatói döntés dátuma",
  start_date: "kezdés dátuma",
  planned_end_date: "tervezett befejezés",
  actual_end_date: "tényleges befejezés",
  sustainability_end_date: "fenntartási időszak vége",
  externalKeys: "külső azonosítók",
  funds: "alapok",
  partner: "konzorciumi partnerek",
  funding_amendment: "szerződésmódosítások",
  milestone: "mérföldkövek",
  deliverable: "eredménytermékek",
  event: "rendezvények",
  procurement: "beszerzések",
  indicator: "indikátorok",
  notice: "közlemények",
  "notice.published_at": "közlemény közzététele",
  obligation: "kötelezettségek",
  status_change: "állapotváltozások",
  organisation: "szervezetek adatai",
};

/** A label only of the map's own (`toString` is a field name no form has, not a label). */
const ownLabel = (labels: Record<string, string>, field: string) => {
  const key = field.replace(/_precision$/, "");
  return Object.hasOwn(labels, key) ? labels[key]! : field;
};

export const fieldLabel = (field: string): string => ownLabel(FIELD_LABELS, field);

/** One record of each kind, as a history entry names it ("mérföldkő „Indulás”"). */
export const RECORD_KIND_LABELS: Record<string, string> = {
  partner: "konzorciumi partner",
  funding_amendment: "szerződésmódosítás",
  milestone: "mérföldkő",
  deliverable: "eredménytermék",
  event: "rendezvény",
  procurement: "beszerzés",
  indicator: "indikátor",
  notice: "közlemény",
  obligation: "kötelezettség",
  status_change: "állapotváltozás",
  funding_review: "pénzügyi felülvizsgálat",
};

/** Fields of the records under a project (as the audit trail names them), as people call them. */
export const RECORD_FIELD_LABELS: Record<string, string> = {
  position: "sorrend",
  title: "cím",
  kind: "típus",
  organisation: "szervezet",
  role: "szerep",
  grant_share: "támogatásrész",
  effective_date: "hatálybalépés",
  reference: "hivatkozás",
  reason: "indok",
  total_cost: "összköltség",
  grant_amount: "támogatás",
  own_contribution: "önerő",
  partner_shares: "partnerek támogatásrésze",
  due_date: "határidő",
  achieved_date: "teljesülés dátuma",
  delivered_date: "elkészülés dátuma",
  not_delivered_reason: "elmaradás oka",
  is_public: "nyilvános",
  links: "hivatkozások",
  place: "helyszín",
  participants: "résztvevők száma",
  occurrences: "alkalmak száma",
  held: "megtartott alkalmak",
  international: "nemzetközi",
  event_date: "időpont",
  end_date: "befejezés",
  subject: "tárgy",
  contractor: "nyertes ajánlattevő",
  method: "eljárás",
  amount: "szerződéses érték",
  contract_date: "szerződéskötés dátuma",
  name: "megnevezés",
  unit: "mértékegység",
  baseline: "kiinduló érték",
  target: "célérték",
  achieved: "elért érték",
  body: "szöveg",
  status: "állapot",
  published_at: "közzététel időpontja",
  done_date: "teljesítés dátuma",
  changed_on: "dátum",
  reviewed_on: "felülvizsgálat dátuma",
  outcome: "eredmény",
  comment: "megjegyzés",
  project_version: "felülvizsgált változat",
};

export const recordFieldLabel = (field: string): string => ownLabel(RECORD_FIELD_LABELS, field);

/** The outcome of an auditor's funding review. */
export const REVIEW_OUTCOME_LABELS: Record<ReviewOutcome, string> = { accepted: "elfogadva", questions: "kérdések vannak" };

/** Where a project stands with its funding review. */
export const REVIEW_STATE_LABELS: Record<ReviewState, string> = {
  changed: "a felülvizsgálat óta változott",
  unreviewed: "még nem vizsgálták felül",
  current: "felülvizsgálva, azóta változatlan",
};

export const NOTICE_STATE_LABELS: Record<string, string> = { draft: "piszkozat", published: "közzétett" };
/** A programme code as people write it: "KEHOP Plusz" for KEHOP_PLUSZ. */
export const programmeLabel = (code: string): string => code.replace(/_PLUSZ$/, " Plusz");

/** A programming period with an en dash: "2014–2020". */
export const periodLabel = (period: string): string => period.replace("-", "\u2013");
