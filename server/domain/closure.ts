/**
 * The closure checklist: what a project must have before it is closed (status → closed). Each item
 * passes, or lists what keeps it from passing as facts (the field that is empty, the record at fault
 * by its uid); the presenters word them and link each to the form that fixes it.
 *
 * The write path refuses to close a project whose checklist fails (an admin may, with a written
 * reason); a project already closed that fails it (a historic import) gets findings instead.
 */
import { dayInBudapest, type PartialDate } from "./dates.js";
import { figuresGap, type FiguresInForce } from "./funding.js";
import type { Deliverable, Funding, Indicator, Notice, ProjectDates, ProjectEvent } from "./project.js";
import { isProjectPublic, isPublished } from "./visibility.js";

export const CLOSURE_ITEMS = ["actual_end", "final_figures", "deliverables", "events", "indicators", "closing_notice", "public_page"] as const;
export type ClosureItemCode = (typeof CLOSURE_ITEMS)[number];

/** The figures closure needs, by the project file's names. */
export type FinalFigure = "totalCost" | "grant" | "ownContribution" | "grantPaid";

/** One thing that keeps an item from passing. */
export type ClosureGap =
  | { kind: "actual_end_missing" }
  | { kind: "figure_missing"; figure: FinalFigure }
  | { kind: "grant_paid_exceeds_grant"; grantPaid: number; grant: number }
  | { kind: "figures_do_not_add_up"; grant: number; ownContribution: number; totalCost: number }
  | { kind: "deliverable_open"; uid: string | null; title: string }
  | { kind: "event_not_held"; uid: string | null; title: string; count: number; held: number | null }
  | { kind: "indicator_not_measured"; uid: string | null; name: string }
  /** `draftUid`: a closing notice that exists but is not published yet (a draft or scheduled), if any. */
  | { kind: "closing_notice_missing"; draftUid: string | null }
  | { kind: "not_public"; publishedFrom: PartialDate | null };

export interface ClosureItem {
  code: ClosureItemCode;
  passed: boolean;
  gaps: ClosureGap[];
}

export interface ClosureChecklist {
  passed: boolean;
  items: ClosureItem[];
}

/**
 * What the checklist reads of a project as it is (or as a write would leave it). A recorded funding
 * explanation (why grant + own contribution differs from the total cost) makes such figures consistent.
 */
export interface ClosureInput {
  dates: Pick<ProjectDates, "actualEnd">;
  funding: Pick<Funding, "grantPaid" | "explanation">;
  deliverables: ReadonlyArray<Pick<Deliverable, "uid" | "title" | "deliveredDate" | "notDeliveredReason">>;
  events: ReadonlyArray<Pick<ProjectEvent, "uid" | "title" | "count" | "held">>;
  indicators: ReadonlyArray<Pick<Indicator, "uid" | "name" | "achieved">>;
  notices: ReadonlyArray<Pick<Notice, "uid" | "kind" | "publishedAt">>;
  publishedFrom: PartialDate | null;
}

function finalFigures(figures: FiguresInForce, { grantPaid, explanation }: ClosureInput["funding"]): ClosureGap[] {
  const values: Record<FinalFigure, number | null> = { ...figures, grantPaid };
  const gaps: ClosureGap[] = (Object.keys(values) as FinalFigure[])
    .filter((figure) => values[figure] === null)
    .map((figure) => ({ kind: "figure_missing", figure }));
  if (grantPaid !== null && figures.grant !== null && grantPaid > figures.grant) {
    gaps.push({ kind: "grant_paid_exceeds_grant", grantPaid, grant: figures.grant });
  }
  const gap = figuresGap(figures);
  if (gap !== null && gap !== 0 && !explanation) {
    const { grant, ownContribution, totalCost } = figures as { grant: number; ownContribution: number; totalCost: number };
    gaps.push({ kind: "figures_do_not_add_up", grant, ownContribution, totalCost });
  }
  return gaps;
}

function closingNotice(notices: ClosureInput["notices"], asOf: Date): ClosureGap[] {
  const closing = notices.filter((n) => n.kind === "closing");
  if (closing.some((n) => isPublished(n, asOf))) return [];
  return [{ kind: "closing_notice_missing", draftUid: closing[0]?.uid ?? null }];
}

/**
 * The checklist of a project with the figures in force (after amendments), as of `asOf`: notices and
 * the public page count once they are public at that moment.
 */
export function closureChecklist(input: ClosureInput, figures: FiguresInForce, asOf: Date): ClosureChecklist {
  const gaps: Record<ClosureItemCode, ClosureGap[]> = {
    actual_end: input.dates.actualEnd === null ? [{ kind: "actual_end_missing" }] : [],
    final_figures: finalFigures(figures, input.funding),
    deliverables: input.deliverables
      .filter((d) => d.deliveredDate === null && !d.notDeliveredReason)
      .map((d) => ({ kind: "deliverable_open", uid: d.uid, title: d.title })),
    events: input.events
      .filter((e) => e.held === null || e.held < e.count)
      .map((e) => ({ kind: "event_not_held", uid: e.uid, title: e.title, count: e.count, held: e.held })),
    indicators: input.indicators
      .filter((i) => i.achieved === null)
      .map((i) => ({ kind: "indicator_not_measured", uid: i.uid, name: i.name })),
    closing_notice: closingNotice(input.notices, asOf),
    public_page: isProjectPublic(input.publishedFrom, dayInBudapest(asOf)) ? [] : [{ kind: "not_public", publishedFrom: input.publishedFrom }],
  };
  const items = CLOSURE_ITEMS.map((code) => ({ code, passed: gaps[code].length === 0, gaps: gaps[code] }));
  return { passed: items.every((i) => i.passed), items };
}

/** The items a checklist fails. */
export const unmetItems = (checklist: ClosureChecklist): ClosureItem[] => checklist.items.filter((i) => !i.passed);
