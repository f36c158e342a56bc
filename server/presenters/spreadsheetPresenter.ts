/** The import preview and its outcome, in the words staff read. */
import type { RowOutcomeKind, SpreadsheetPreview } from "../services/spreadsheetService.js";

export const OUTCOME_LABELS: Record<RowOutcomeKind, string> = {
  created: "új",
  updated: "módosul",
  unchanged: "változatlan",
  rejected: "elutasítva",
  unchecked: "nem ellenőrzött (egy hibás sor megállította az ellenőrzést)",
};

const LAYOUT_NAMES: Record<string, string> = {
  portfolio: "projektportfólió (a Projekttár exportja)",
  "national-list": "a támogatott projektek országos listája (palyazat.gov.hu)",
};

/** A big list shows every rejected row, and the others up to this many. */
const SHOWN_ROWS = 500;

const number = (n: number) => n.toLocaleString("hu-HU");

export function importPreviewView(preview: SpreadsheetPreview) {
  const rejected = preview.rows.filter((r) => r.outcome === "rejected");
  const others = preview.rows.filter((r) => r.outcome !== "rejected");
  const shown = [...rejected, ...others.slice(0, Math.max(0, SHOWN_ROWS - rejected.length))].sort((a, b) => a.row - b.row);
  return {
    fileName: preview.fileName,
    sheetLayout: LAYOUT_NAMES[preview.layout] ?? preview.layout,
    fileProblems: preview.fileProblems.map((p) => ({ cell: p.cell, message: p.message })),
    counts: (Object.keys(OUTCOME_LABELS) as RowOutcomeKind[]).filter((k) => k !== "unchecked" || preview.counts.unchecked > 0).map((k) => ({ label: OUTCOME_LABELS[k], count: number(preview.counts[k]), kind: k })),
    rows: shown.map((r) => ({
      row: r.row,
      label: r.label,
      outcome: OUTCOME_LABELS[r.outcome],
      kind: r.outcome,
      problems: r.problems.map((p) => ({ cell: p.cell ?? `${r.row}. sor`, message: p.message })),
    })),
    hiddenRows: preview.rows.length > shown.length ? number(preview.rows.length - shown.length) : null,
    programmesCreated: preview.programmesCreated.join(", "),
  };
}

/** What the redirect after a confirmed import says. */
export function importSummaryView(query: Record<string, unknown>) {
  if (typeof query.uj !== "string") return null;
  const count = (v: unknown) => number(Number(typeof v === "string" ? v : 0) || 0);
  return {
    created: count(query.uj),
    updated: count(query.modositott),
    unchanged: count(query.valtozatlan),
    programmes: typeof query.programok === "string" ? query.programok : null,
  };
}
