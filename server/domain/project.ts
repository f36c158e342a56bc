/** The project record: what a project is, independent of storage and presentation. */
import type { PartialDate } from "./dates.js";
import type { Period } from "./programmes.js";

export const PROJECT_STATUSES = ["planned", "contracted", "in_progress", "completed", "closed", "withdrawn"] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const PARTNER_ROLES = ["lead", "member"] as const;
export type PartnerRole = (typeof PARTNER_ROLES)[number];

/** What real project pages list as results (eredménytermékek). */
export const DELIVERABLE_KINDS = [
  "study", "analysis", "report", "regulation", "guide", "handbook", "methodology", "training", "plan",
  "strategy", "concept", "survey", "it_system", "website", "publication", "other",
] as const;
export type DeliverableKind = (typeof DELIVERABLE_KINDS)[number];

export const EVENT_KINDS = [
  "conference", "seminar", "workshop", "training", "forum", "press", "info_day", "study_visit", "exhibition",
  "ceremony", "other",
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Procurement procedures of the Hungarian Public Procurement Act (Kbt.); `unspecified` when only "közbeszerzés" is known. */
export const PROCUREMENT_METHODS = [
  "open", "restricted", "negotiated", "negotiated_without_notice", "competitive_dialogue", "innovation_partnership",
  "framework_call_off", "national_simplified", "direct", "unspecified", "other",
] as const;
export type ProcurementMethod = (typeof PROCUREMENT_METHODS)[number];

export const NOTICE_KINDS = ["start", "progress", "closing"] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** Reports and claims a beneficiary owes, with due and done dates. */
export const OBLIGATION_KINDS = ["progress_report", "payment_claim", "closing_report", "sustainability_report", "other"] as const;
export type ObligationKind = (typeof OBLIGATION_KINDS)[number];

export interface Organisation {
  name: string;
  taxNumber: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
}

export interface Link {
  title: string;
  url: string;
}

/**
 * Records under a project carry a uid for life (null on input means "new or
 * matched by its natural key") and, when read from storage, a version.
 */
export interface Identity {
  uid: string | null;
  version?: number;
}

export interface Partner extends Identity {
  organisation: Organisation;
  role: PartnerRole;
  grantShare: number | null;
}

export interface Milestone extends Identity {
  title: string;
  dueDate: PartialDate | null;
  achievedDate: PartialDate | null;
}

export interface Deliverable extends Identity {
  title: string;
  kind: DeliverableKind;
  dueDate: PartialDate | null;
  deliveredDate: PartialDate | null;
  /** Why a deliverable was not (and will not be) delivered. */
  notDeliveredReason: string | null;
  public: boolean;
  links: Link[];
}

/** One event, or a series ("6 regional conferences") whose dates may not be known yet. */
export interface ProjectEvent extends Identity {
  title: string;
  kind: EventKind;
  date: PartialDate | null;
  endDate: PartialDate | null;
  place: string | null;
  participants: number | null;
  /** Occasions planned. */
  count: number;
  /** Occasions held so far; null when not recorded. */
  held: number | null;
  international: boolean;
}

export interface Procurement extends Identity {
  subject: string;
  contractor: Organisation | null;
  method: ProcurementMethod;
  amount: number | null;
  contractDate: PartialDate | null;
}

export interface Indicator extends Identity {
  name: string;
  unit: string;
  baseline: number | null;
  target: number | null;
  achieved: number | null;
}

export interface Notice extends Identity {
  kind: NoticeKind;
  title: string;
  body: string;
  /** ISO 8601 moment; null while the notice is a draft. */
  publishedAt: string | null;
  links: Link[];
}

export interface PartnerShare {
  organisation: Organisation;
  grantShare: number;
}

/** A contract amendment (szerződésmódosítás); a figure left null is unchanged by it. */
export interface FundingAmendment extends Identity {
  effectiveDate: PartialDate;
  reference: string;
  reason: string | null;
  totalCost: number | null;
  grant: number | null;
  ownContribution: number | null;
  partnerShares: PartnerShare[];
}

export interface Obligation extends Identity {
  kind: ObligationKind;
  title: string | null;
  dueDate: PartialDate;
  doneDate: PartialDate | null;
}

export interface StatusChange extends Identity {
  status: ProjectStatus;
  date: PartialDate;
}

/** The figures of the grant contract as signed; amendments change them later. */
export interface Funding {
  totalCost: number | null;
  grant: number | null;
  ownContribution: number | null;
  /** Grant actually paid out (kifizetett támogatás). */
  grantPaid: number | null;
  /** The EU's share of the grant, as a percentage (co-financing rate). */
  euCofinancingRate: number | null;
  /** Why grant + own contribution differs from the total cost, when it does. */
  explanation: string | null;
}

export interface ProjectDates {
  decision: PartialDate | null;
  start: PartialDate | null;
  plannedEnd: PartialDate | null;
  actualEnd: PartialDate | null;
  sustainabilityEnd: PartialDate | null;
}

export interface Location {
  settlement: string | null;
  county: string | null;
  region: string | null;
  /** ISO 3166 alpha-2. */
  country: string;
  /** The location indicator of the list of operations (e.g. a NUTS or settlement code). */
  indicator: string | null;
}

export interface ContactPerson {
  name: string | null;
  position: string | null;
  email: string | null;
  phone: string | null;
}

export interface ExternalKey {
  source: string;
  key: string;
}

export interface ProjectRecord {
  uid: string | null;
  identifier: string | null;
  externalKeys: ExternalKey[];
  call: { code: string; title: string | null } | null;
  title: string;
  shortTitle: string | null;
  /** The public description of aims and results (Markdown). */
  summary: string | null;
  /** Never public. */
  internalNotes: string | null;
  status: ProjectStatus;
  /** An admin's written reason for closing the project although its closure checklist did not pass; never public. */
  closureReason: string | null;
  /** The day from which the project is public; null while unpublished. */
  publishedFrom: PartialDate | null;
  beneficiary: Organisation;
  partners: Partner[];
  funds: string[];
  specificObjective: string | null;
  interventionType: string | null;
  location: Location;
  funding: Funding;
  amendments: FundingAmendment[];
  dates: ProjectDates;
  contact: ContactPerson;
  milestones: Milestone[];
  deliverables: Deliverable[];
  events: ProjectEvent[];
  procurements: Procurement[];
  indicators: Indicator[];
  notices: Notice[];
  obligations: Obligation[];
  statusChanges: StatusChange[];
}

/** The lists of records under a project, each with identity of its own. */
export const RECORD_LISTS = [
  "partners", "amendments", "milestones", "deliverables", "events", "procurements", "indicators", "notices",
  "obligations", "statusChanges",
] as const;
export type RecordList = (typeof RECORD_LISTS)[number];

/** Lists that are sets of values rather than records. */
export const VALUE_LISTS = ["externalKeys", "funds"] as const;
export type ValueList = (typeof VALUE_LISTS)[number];

/** A stored project with what the database adds to its record. */
export interface StoredProject {
  id: number;
  /** The current public address: `/projektek/<slug>`. */
  slug: string;
  version: number;
  record: ProjectRecord & { uid: string };
  /** The figures in force: the contract's, as the latest amendment left them. */
  currentFunding: { totalCost: number | null; grant: number | null; ownContribution: number | null };
  /** The partners with their grant shares in force. */
  partnersInForce: Partner[];
  /** `instrument`: `cohesion` or another (e.g. `rrf`), as the programmes table says. */
  programme: { code: string; name: string; period: string; instrument: string } | null;
  /** The project's funds (record.funds) with their names in full, as the funds table gives them. */
  namedFunds: Array<{ code: string; name: string }>;
  callRegular: boolean;
  createdAt: string;
  updatedAt: string;
}

/** One line of a portfolio list. */
export interface ProjectSummary {
  id: number;
  slug: string;
  identifier: string | null;
  title: string;
  shortTitle: string | null;
  status: ProjectStatus;
  call: { code: string; title: string | null } | null;
  programme: { code: string; name: string; period: string } | null;
  beneficiaryName: string;
  /** The public description. */
  summary: string | null;
  location: Location;
  /** The figures in force. */
  funding: { totalCost: number | null; grant: number | null; ownContribution: number | null };
  dates: ProjectDates;
}

export interface ProjectFilter {
  programme?: string;
  status?: ProjectStatus;
  /** Part of the beneficiary's name, or its exact tax number. */
  beneficiary?: string;
  /** Part of the title, matched without regard to case or accents. */
  title?: string;
  period?: Period;
  /** The county's name as stored ("Pest", "Borsod-Abaúj-Zemplén"). */
  county?: string;
  /** The settlement's name, matched whole without regard to case or accents. */
  settlement?: string;
  /** The year of the support decision. */
  year?: number;
  /** Only projects published on or before this day (the public's view). */
  publishedBy?: PartialDate;
}

/** How a list is ordered: by identifier (the default, stable across export and import) or by title in Hungarian order. */
export const LIST_ORDERS = ["identifier", "title"] as const;
export type ListOrder = (typeof LIST_ORDERS)[number];

/**
 * Where a page of a project list ends, for the next page to start after it (keyset paging, as the public index
 * pages): the value of the order's key (the identifier as sorted, or the title's sort key) and the id.
 */
export interface ListAfter {
  order: ListOrder;
  key: string;
  id: number;
}

export interface Page {
  limit: number;
  offset: number;
  order?: ListOrder;
  /** Start after this position (then offset is 0). */
  after?: ListAfter;
}

/**
 * How many projects a list holds: exactly `count`; about `count` (an estimate, for a large list with no filter
 * but publication); or more than `count` (a large filtered list, counted only up to a cap).
 */
export interface ListTotal {
  count: number;
  exactness: "exact" | "estimate" | "moreThan";
}

/** A page of a project list: its lines, the total, and where the next page starts (null on the last). */
export interface ProjectList {
  items: ProjectSummary[];
  total: ListTotal;
  next: ListAfter | null;
}
