/** The closure checklist in Hungarian: each item, what is missing, and the staff form that fixes it. */
import type { ClosureChecklist, ClosureGap, ClosureItem, ClosureItemCode, FinalFigure } from "../domain/closure.js";
import { formatPartialDate } from "../rendering/dates.js";
import { formatForints as ft } from "../rendering/numbers.js";
import { LIST_FORMS } from "./editForms.js";
import { fieldId } from "./editFormView.js";
import { staffPath } from "./projectPresenter.js";

export const CLOSURE_ITEM_LABELS: Record<ClosureItemCode, string> = {
  actual_end: "Tényleges befejezés",
  final_figures: "Végleges pénzügyi adatok",
  deliverables: "Eredménytermékek",
  events: "Rendezvények",
  indicators: "Indikátorok",
  closing_notice: "Záró közlemény",
  public_page: "Nyilvános projektoldal",
};

const FIGURE_NAMES: Record<FinalFigure, string> = {
  totalCost: "Az összköltség",
  grant: "A támogatás",
  ownContribution: "Az önerő",
  grantPaid: "A kifizetett támogatás",
};

/** The Hungarian sentence for one gap. */
export function gapMessage(gap: ClosureGap): string {
  switch (gap.kind) {
    case "actual_end_missing":
      return "A tényleges befejezés dátuma nincs megadva.";
    case "figure_missing":
      return `${FIGURE_NAMES[gap.figure]} nincs megadva.`;
    case "grant_paid_exceeds_grant":
      return `A kifizetett támogatás (${ft(gap.grantPaid)}) több, mint a szerződött támogatás (${ft(gap.grant)}).`;
    case "figures_do_not_add_up":
      return `A támogatás (${ft(gap.grant)}) és az önerő (${ft(gap.ownContribution)}) összege nem az összköltség (${ft(gap.totalCost)}), és az eltérésnek nincs magyarázata.`;
    case "deliverable_open":
      return `„${gap.title}”: nem készült el, és nincs megadva, miért nem.`;
    case "event_not_held":
      return gap.held === null
        ? `„${gap.title}”: nincs rögzítve, hány alkalom volt meg (tervezett: ${gap.count}).`
        : `„${gap.title}”: ${gap.count} tervezett alkalomból ${gap.held} volt meg.`;
    case "indicator_not_measured":
      return `„${gap.name}”: az elért érték nincs megadva.`;
    case "closing_notice_missing":
      return gap.draftUid ? "A záró közlemény még nincs közzétéve." : "Nincs záró közlemény.";
    case "not_public":
      return gap.publishedFrom
        ? `A nyilvános oldal csak ${formatPartialDate(gap.publishedFrom)} napjától él.`
        : "A projektnek nincs nyilvános oldala (nincs megadva, mettől nyilvános).";
  }
}

type Project = { id: number; identifier: string | null };

const FIGURE_FIELDS: Record<FinalFigure, string> = {
  totalCost: "funding.totalCost",
  grant: "funding.grant",
  ownContribution: "funding.ownContribution",
  grantPaid: "funding.grantPaid",
};

/** The staff form that fixes a gap, and what the link says. */
export function gapFix(project: Project, gap: ClosureGap): { href: string; text: string } {
  const base = staffPath(project);
  const field = (name: string, text: string) => ({ href: `${base}/szerkesztes#${fieldId(name)}`, text });
  const record = (list: keyof typeof LIST_FORMS, uid: string | null, text: string) => ({
    href: `${base}/${LIST_FORMS[list].slug}/${uid === null ? "uj" : encodeURIComponent(uid)}`,
    text,
  });
  switch (gap.kind) {
    case "actual_end_missing":
      return field("dates.actualEnd", "Tényleges befejezés megadása");
    case "figure_missing":
      return field(FIGURE_FIELDS[gap.figure], "Pénzügyi adatok szerkesztése");
    case "grant_paid_exceeds_grant":
      return field("funding.grantPaid", "Kifizetett támogatás javítása");
    case "figures_do_not_add_up":
      return field("funding.explanation", "Összegek javítása vagy az eltérés magyarázata");
    case "deliverable_open":
      return record("deliverables", gap.uid, "Eredménytermék szerkesztése");
    case "event_not_held":
      return record("events", gap.uid, "Rendezvény szerkesztése");
    case "indicator_not_measured":
      return record("indicators", gap.uid, "Indikátor szerkesztése");
    case "closing_notice_missing":
      return gap.draftUid ? record("notices", gap.draftUid, "Záró közlemény közzététele") : record("notices", null, "Záró közlemény írása");
    case "not_public":
      return field("publishedFrom", "Közzététel beállítása");
  }
}

/** One item's problems in one sentence: "Eredménytermékek: „X”: nem készült el…" */
export const itemSummary = (item: ClosureItem) => `${CLOSURE_ITEM_LABELS[item.code]}: ${item.gaps.map(gapMessage).join(" ")}`;

/** The checklist as the staff project page shows it. */
export function closureView(project: Project, checklist: ClosureChecklist) {
  return {
    passed: checklist.passed,
    unmet: checklist.items.filter((i) => !i.passed).length,
    items: checklist.items.map((item) => ({
      code: item.code,
      label: CLOSURE_ITEM_LABELS[item.code],
      passed: item.passed,
      problems: item.gaps.map((gap) => ({ message: gapMessage(gap), fix: gapFix(project, gap) })),
    })),
  };
}
