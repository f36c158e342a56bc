/**
 * The public page of a project and its embeddable block: first what real
 * beneficiary pages show, in their order, then everything else that is
 * public, the contact details and the funding acknowledgement. Only what
 * domain/visibility.ts lets the public see is read here.
 */
import { acknowledgementFacts } from "../domain/acknowledgement.js";
import type { PartialDate } from "../domain/dates.js";
import type { ProjectRecord } from "../domain/project.js";
import { publicRecord } from "../domain/visibility.js";
import type { ProjectDetail } from "../services/projectService.js";
import { formatDayOfMoment } from "../rendering/dates.js";
import { acknowledgementView } from "./acknowledgementPresenter.js";
import {
  DELIVERABLE_LABELS,
  EVENT_LABELS,
  METHOD_LABELS,
  NOTICE_LABELS,
  periodLabel,
  programmeLabel,
  ROLE_LABELS,
  STATUS_LABELS,
} from "./labels.js";
import { day, intensityText, money, numberText, publicPath, shownEnd } from "./projectPresenter.js";

/** A public notice's own page (built by the notices feature). */
export const noticePath = (uid: string) => `/hirek/${uid}`;

/** A description's paragraphs: blank lines separate them, as people type them in the form. */
function paragraphs(text: string | null): string[] {
  return (text ?? "").split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
}

/** "2018. május 3. – 2018. május 4." or one date, or null when not known. */
function span(from: PartialDate | null, to: PartialDate | null): string | null {
  if (!from) return null;
  return to ? `${day(from)} – ${day(to)}` : day(from);
}

/** The block every beneficiary's page carries, in its order; the embeddable block is this and the acknowledgement. */
function mandatory(detail: ProjectDetail, record: ProjectRecord) {
  const end = shownEnd(record.dates);
  return {
    beneficiary: record.beneficiary.name,
    partners: detail.partnersInForce.map((p) => ({ name: p.organisation.name, role: ROLE_LABELS[p.role] })),
    title: record.title,
    grant: money(detail.currentFunding.grant),
    intensity: intensityText(detail.currentFunding),
    description: paragraphs(record.summary),
    end: end.date,
    endLabel: end.actual ? "Befejezés dátuma" : "Tervezett befejezési dátum",
    identifier: record.identifier,
    callCode: record.call?.code ?? null,
  };
}

function activities(record: ProjectRecord) {
  return {
    milestones: record.milestones.map((m) => ({ title: m.title, due: day(m.dueDate), achieved: day(m.achievedDate) })),
    deliverables: record.deliverables.map((d) => ({
      title: d.title,
      kind: DELIVERABLE_LABELS[d.kind],
      delivered: day(d.deliveredDate),
      due: day(d.dueDate),
      links: d.links,
    })),
    events: record.events.map((e) => ({
      title: e.title,
      // A series is counted as people say it: "6 konferencia", with the occasions held so far when recorded.
      what: e.count > 1 ? `${e.count} ${EVENT_LABELS[e.kind]}` : EVENT_LABELS[e.kind],
      held: e.count > 1 && e.held !== null ? `ebből ${e.held} megtartva` : null,
      when: span(e.date, e.endDate),
      place: e.place,
      participants: e.participants === null ? null : `${numberText(e.participants)} résztvevő`,
      international: e.international,
    })),
    procurements: record.procurements.map((p) => ({
      subject: p.subject,
      contractor: p.contractor?.name ?? null,
      method: METHOD_LABELS[p.method],
      amount: money(p.amount),
      contractDate: day(p.contractDate),
    })),
    indicators: record.indicators.map((i) => ({
      name: i.name,
      unit: i.unit,
      baseline: numberText(i.baseline),
      target: numberText(i.target),
      achieved: numberText(i.achieved),
    })),
    notices: record.notices.map((n) => ({
      title: n.title,
      kind: NOTICE_LABELS[n.kind],
      published: formatDayOfMoment(n.publishedAt!),
      href: noticePath(n.uid!),
    })),
  };
}

function contact(record: ProjectRecord) {
  const { beneficiary: b, contact: c } = record;
  const person = c.name || c.email || c.phone ? { name: c.name, position: c.position, email: c.email, phone: c.phone } : null;
  const any = b.address || b.phone || b.email || b.website || person;
  return any ? { organisation: b.name, address: b.address, phone: b.phone, email: b.email, website: b.website, person } : null;
}

/** The view model of the public page; `today` is the day the page is made, whose rules the acknowledgement follows. */
export function publicProjectPage(detail: ProjectDetail, today: PartialDate, baseUrl: string) {
  const record = publicRecord(detail.record);
  const facts = acknowledgementFacts(
    {
      period: detail.programme?.period ?? null,
      instrument: detail.programme?.instrument ?? null,
      funds: record.funds,
      status: record.status,
      euCofinancingRate: record.funding.euCofinancingRate,
    },
    today,
  );
  const location = [record.location.settlement, record.location.county, record.location.region].filter(Boolean).join(", ");
  const path = publicPath(detail);
  return {
    slug: detail.slug,
    path,
    url: `${baseUrl}${path}`,
    title: record.title,
    mandatory: mandatory(detail, record),
    details: {
      call: record.call ? { code: record.call.code, title: record.call.title } : null,
      programme: detail.programme ? { code: programmeLabel(detail.programme.code), name: detail.programme.name } : null,
      period: detail.programme ? periodLabel(detail.programme.period) : null,
      funds: detail.namedFunds.map((f) => f.name),
      start: day(record.dates.start),
      totalCost: money(detail.currentFunding.totalCost),
      ownContribution: money(detail.currentFunding.ownContribution),
      location: location || null,
      status: STATUS_LABELS[record.status],
    },
    ...activities(record),
    contact: contact(record),
    acknowledgement: acknowledgementView(facts, new Map(detail.namedFunds.map((f) => [f.code, f.name]))),
  };
}

export type PublicProjectView = ReturnType<typeof publicProjectPage>;
