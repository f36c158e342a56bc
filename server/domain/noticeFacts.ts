/**
 * What a start or closing notice says about a project, as facts: who, what, with what support, when,
 * what was delivered and which events were held. The wording is the presenter's; only what the public
 * may see is taken (public deliverables, never internal notes).
 */
import { firstDay, type PartialDate } from "./dates.js";
import { supportIntensity } from "./money.js";
import type { DeliverableKind, EventKind, PartnerRole, ProjectStatus, StoredProject } from "./project.js";

export interface NoticeFacts {
  title: string;
  identifier: string | null;
  callCode: string | null;
  status: ProjectStatus;
  /** Whether the work has begun by the day asked: its start has come, or its status says so. */
  started: boolean;
  beneficiary: string;
  /** Consortium members, the lead first; empty for a project without a consortium. */
  consortium: Array<{ name: string; role: PartnerRole }>;
  /** The figures in force. */
  grant: number | null;
  totalCost: number | null;
  /** Grant / total cost, in percent. */
  supportIntensity: number | null;
  programme: { code: string; name: string; period: string } | null;
  start: PartialDate | null;
  plannedEnd: PartialDate | null;
  actualEnd: PartialDate | null;
  /** The public description, as written. */
  summary: string | null;
  /** Public deliverables delivered by the day asked, with their first link. */
  delivered: Array<{ title: string; kind: DeliverableKind; date: PartialDate; url: string | null }>;
  /** Events held by the day asked, with how many times (a series counts each occasion). */
  eventsHeld: Array<{ title: string; kind: EventKind; times: number; date: PartialDate | null; endDate: PartialDate | null; place: string | null }>;
}

const UNDER_WAY: ReadonlySet<ProjectStatus> = new Set(["in_progress", "completed", "closed"]);
const onOrBefore = (date: PartialDate, day: PartialDate) => firstDay(date) <= firstDay(day);

/** How many occasions of an event were held by `today`: as recorded, else all of them once its date has come. */
function timesHeld(event: StoredProject["record"]["events"][number], today: PartialDate): number {
  if (event.held !== null) return event.held;
  return event.date !== null && onOrBefore(event.date, today) ? event.count : 0;
}

export function noticeFacts(project: StoredProject, today: PartialDate): NoticeFacts {
  const { record } = project;
  const consortium = project.partnersInForce.length > 1 ? project.partnersInForce : [];
  return {
    title: record.title,
    identifier: record.identifier,
    callCode: record.call?.code ?? null,
    status: record.status,
    started: (record.dates.start !== null && onOrBefore(record.dates.start, today)) || UNDER_WAY.has(record.status),
    beneficiary: record.beneficiary.name,
    consortium: [...consortium].sort((a, b) => Number(b.role === "lead") - Number(a.role === "lead")).map((p) => ({ name: p.organisation.name, role: p.role })),
    grant: project.currentFunding.grant,
    totalCost: project.currentFunding.totalCost,
    supportIntensity: supportIntensity(project.currentFunding),
    programme: project.programme,
    start: record.dates.start,
    plannedEnd: record.dates.plannedEnd,
    actualEnd: record.dates.actualEnd,
    summary: record.summary,
    delivered: record.deliverables.flatMap((d) =>
      d.public && d.deliveredDate !== null && onOrBefore(d.deliveredDate, today)
        ? [{ title: d.title, kind: d.kind, date: d.deliveredDate, url: d.links[0]?.url ?? null }]
        : [],
    ),
    eventsHeld: record.events.flatMap((e) => {
      const times = timesHeld(e, today);
      return times > 0 ? [{ title: e.title, kind: e.kind, times, date: e.date, endDate: e.endDate, place: e.place }] : [];
    }),
  };
}
