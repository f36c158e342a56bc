/** The project record: what a project is, independent of storage and presentation. */
import type { PartialDate } from "./dates.js";

export const PROJECT_STATUSES = ["planned", "contracted", "in_progress", "completed", "closed", "withdrawn"] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const PARTNER_ROLES = ["lead", "member"] as const;
export type PartnerRole = (typeof PARTNER_ROLES)[number];

export const DELIVERABLE_KINDS = ["study", "report", "regulation", "guide", "methodology", "training", "other"] as const;
export type DeliverableKind = (typeof DELIVERABLE_KINDS)[number];

export const EVENT_KINDS = ["conference", "workshop", "training", "forum", "press", "other"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Procurement procedures of the Hungarian Public Procurement Act (Kbt.). */
export const PROCUREMENT_METHODS = [
  "open",
  "restricted",
  "negotiated",
  "negotiated_without_notice",
  "competitive_dialogue",
  "framework_call_off",
  "national_simplified",
  "direct",
  "other",
] as const;
export type ProcurementMethod = (typeof PROCUREMENT_METHODS)[number];

export const NOTICE_KINDS = ["start", "progress", "closing"] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export interface Organisation {
  name: string;
  taxNumber: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
}

export interface Partner {
  organisation: Organisation;
  role: PartnerRole;
  grantShare: number | null;
}

export interface Milestone {
  title: string;
  dueDate: PartialDate | null;
  achievedDate: PartialDate | null;
}

export interface Deliverable {
  title: string;
  kind: DeliverableKind;
  dueDate: PartialDate | null;
  deliveredDate: PartialDate | null;
  public: boolean;
}

/** One event, or a series ("6 regional conferences") whose dates may not be known yet. */
export interface ProjectEvent {
  title: string;
  kind: EventKind;
  date: PartialDate | null;
  endDate: PartialDate | null;
  place: string | null;
  participants: number | null;
  count: number;
  international: boolean;
}

export interface Procurement {
  subject: string;
  contractor: string | null;
  method: ProcurementMethod;
  amount: number | null;
  contractDate: PartialDate | null;
}

export interface Indicator {
  name: string;
  unit: string;
  baseline: number | null;
  target: number | null;
  achieved: number | null;
}

export interface Notice {
  kind: NoticeKind;
  title: string;
  body: string;
  /** ISO 8601 moment; null while the notice is a draft. */
  publishedAt: string | null;
}

export interface Funding {
  totalCost: number | null;
  grant: number | null;
  ownContribution: number | null;
}

export interface ProjectDates {
  decision: PartialDate | null;
  start: PartialDate | null;
  plannedEnd: PartialDate | null;
  actualEnd: PartialDate | null;
}

export interface Location {
  settlement: string | null;
  county: string | null;
  region: string | null;
}

export interface ProjectRecord {
  identifier: string | null;
  call: { code: string; title: string | null } | null;
  title: string;
  shortTitle: string | null;
  summary: string | null;
  status: ProjectStatus;
  beneficiary: Organisation;
  partners: Partner[];
  location: Location;
  funding: Funding;
  dates: ProjectDates;
  milestones: Milestone[];
  deliverables: Deliverable[];
  events: ProjectEvent[];
  procurements: Procurement[];
  indicators: Indicator[];
  notices: Notice[];
}

export const STATUS_LABELS: Record<ProjectStatus, string> = {
  planned: "tervezett",
  contracted: "leszerződött",
  in_progress: "megvalósítás alatt",
  completed: "befejezett",
  closed: "lezárt",
  withdrawn: "visszavont",
};

/** A stored project with what the database adds to its record. */
export interface StoredProject {
  id: number;
  record: ProjectRecord;
  programme: { code: string; name: string; period: string } | null;
  callRegular: boolean;
  updatedAt: string;
}

/** One line of a portfolio list. */
export interface ProjectSummary {
  id: number;
  identifier: string | null;
  title: string;
  shortTitle: string | null;
  status: ProjectStatus;
  call: { code: string; title: string | null } | null;
  programme: { code: string; name: string; period: string } | null;
  beneficiaryName: string;
  location: Location;
  funding: Funding;
  dates: ProjectDates;
}

export interface ProjectFilter {
  programme?: string;
  status?: ProjectStatus;
  /** Part of the beneficiary's name, or its exact tax number. */
  beneficiary?: string;
}

export interface Page {
  limit: number;
  offset: number;
}
