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
