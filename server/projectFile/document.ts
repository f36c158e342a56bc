/** A stored project as it appears in an exported project file: every field, uids included, dates as ISO text. */
import { toIsoTextOrNull as dateText } from "../domain/dates.js";
import type { ProjectRecord } from "../domain/project.js";
import { toOrganisation } from "./schema.js";

type StoredRecord = ProjectRecord & { uid: string };

export function projectDocument(r: StoredRecord) {
  return {
    uid: r.uid,
    identifier: r.identifier,
    externalKeys: r.externalKeys.map((k) => ({ source: k.source, key: k.key })),
    call: r.call,
    title: r.title,
    shortTitle: r.shortTitle,
    summary: r.summary,
    internalNotes: r.internalNotes,
    status: r.status,
    closureReason: r.closureReason,
    publishedFrom: dateText(r.publishedFrom),
    beneficiary: toOrganisation(r.beneficiary),
    partners: r.partners.map((p) => ({ uid: p.uid, ...toOrganisation(p.organisation), role: p.role, grantShare: p.grantShare })),
    funds: r.funds,
    specificObjective: r.specificObjective,
    interventionType: r.interventionType,
    location: r.location,
    funding: r.funding,
    amendments: r.amendments.map((a) => ({
      uid: a.uid,
      effectiveDate: dateText(a.effectiveDate),
      reference: a.reference,
      reason: a.reason,
      totalCost: a.totalCost,
      grant: a.grant,
      ownContribution: a.ownContribution,
      partnerShares: a.partnerShares.map((s) => ({ ...toOrganisation(s.organisation), grantShare: s.grantShare })),
    })),
    dates: {
      decision: dateText(r.dates.decision),
      start: dateText(r.dates.start),
      plannedEnd: dateText(r.dates.plannedEnd),
      actualEnd: dateText(r.dates.actualEnd),
      sustainabilityEnd: dateText(r.dates.sustainabilityEnd),
    },
    contact: r.contact,
    milestones: r.milestones.map((m) => ({ uid: m.uid, title: m.title, dueDate: dateText(m.dueDate), achievedDate: dateText(m.achievedDate) })),
    deliverables: r.deliverables.map((d) => ({
      uid: d.uid,
      title: d.title,
      kind: d.kind,
      dueDate: dateText(d.dueDate),
      deliveredDate: dateText(d.deliveredDate),
      notDeliveredReason: d.notDeliveredReason,
      public: d.public,
      links: d.links,
    })),
    events: r.events.map((e) => ({
      uid: e.uid,
      title: e.title,
      kind: e.kind,
      date: dateText(e.date),
      endDate: dateText(e.endDate),
      place: e.place,
      participants: e.participants,
      count: e.count,
      held: e.held,
      international: e.international,
    })),
    procurements: r.procurements.map((p) => ({
      uid: p.uid,
      subject: p.subject,
      contractor: p.contractor ? toOrganisation(p.contractor) : null,
      method: p.method,
      amount: p.amount,
      contractDate: dateText(p.contractDate),
    })),
    indicators: r.indicators.map((i) => ({ uid: i.uid, name: i.name, unit: i.unit, baseline: i.baseline, target: i.target, achieved: i.achieved })),
    notices: r.notices.map((n) => ({ uid: n.uid, kind: n.kind, title: n.title, body: n.body, publishedAt: n.publishedAt, links: n.links })),
    obligations: r.obligations.map((o) => ({ uid: o.uid, kind: o.kind, title: o.title, dueDate: dateText(o.dueDate), doneDate: dateText(o.doneDate) })),
    statusChanges: r.statusChanges.map((s) => ({ uid: s.uid, status: s.status, date: dateText(s.date) })),
  };
}

export type ProjectDocument = ReturnType<typeof projectDocument>;

const HEAD = '{\n  "projects": [';
const TAIL = "\n  ]\n}";

/**
 * The text of a project file — exactly `JSON.stringify({ projects }, null, 2)` and a final newline —
 * made a batch at a time: each batch is one native stringify, whose items are cut out of its wrapper.
 */
export async function* projectFileText(batches: AsyncIterable<ProjectDocument[]>): AsyncGenerator<string> {
  let first = true;
  yield HEAD;
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    const text = JSON.stringify({ projects: batch }, null, 2);
    yield `${first ? "\n" : ",\n"}${text.slice(HEAD.length + 1, text.length - TAIL.length)}`;
    first = false;
  }
  yield first ? "]\n}\n" : `${TAIL}\n`;
}
