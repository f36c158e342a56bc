/**
 * The portfolio spreadsheet: one row per project, the project's headline fields in Hungarian-headed
 * columns. Export writes it; import reads the same layout back. Amounts are number cells in whole forints,
 * full dates are date cells, dates known only to the month or year are text (`2016-09`, `2009`), so a round
 * trip never invents a day. The last column, the project's uid, ties a row to its project for good.
 */
import { toIsoText, type PartialDate } from "../domain/dates.js";
import { parseProjectIdentifier } from "../domain/identifiers.js";
import type { ProjectRecord } from "../domain/project.js";
import { STATUS_LABELS } from "../presenters/labels.js";
import { beneficiaryOf, cellText, locateColumns, setPath, type Layout, type Problem, type ProjectDocumentFields, type RowDraft } from "./layout.js";
import { cellAddress, type CellValue, type OutColumn } from "./sheet.js";

type Exported = ProjectRecord & { uid: string };

export interface PortfolioColumn extends OutColumn {
  /** Where the column's value goes in a project document, and where a problem with it is reported from. */
  path: string;
  value(record: Exported): CellValue;
}

/** A full date as a date cell (midnight UTC, as spreadsheet programs store days); a partial one as its text. */
export function dateCell(date: PartialDate | null): CellValue {
  if (!date) return null;
  if (date.precision !== "day") return toIsoText(date);
  return new Date(Date.UTC(date.year, date.month! - 1, date.day!));
}

const text = (header: string, path: string, width: number, value: (r: Exported) => string | null): PortfolioColumn => ({
  header,
  path,
  kind: "text",
  width,
  value,
});
const amount = (header: string, path: string, value: (r: Exported) => number | null): PortfolioColumn => ({
  header,
  path,
  kind: "amount",
  width: 18,
  value,
});
const date = (header: string, path: string, value: (r: Exported) => PartialDate | null): PortfolioColumn => ({
  header,
  path,
  kind: "date",
  width: 14,
  value: (r) => dateCell(value(r)),
});

export const PORTFOLIO_COLUMNS: readonly PortfolioColumn[] = [
  text("Projektazonosító", "identifier", 34, (r) => r.identifier),
  text("Felhívás kódja", "call.code", 24, (r) => r.call?.code ?? null),
  text("Felhívás címe", "call.title", 40, (r) => r.call?.title ?? null),
  text("Projekt címe", "title", 60, (r) => r.title),
  text("Kedvezményezett", "beneficiary.name", 40, (r) => r.beneficiary.name),
  text("Kedvezményezett adószáma", "beneficiary.taxNumber", 16, (r) => r.beneficiary.taxNumber),
  text("Állapot", "status", 18, (r) => STATUS_LABELS[r.status]),
  text("Alapok", "funds", 12, (r) => (r.funds.length ? r.funds.join(", ") : null)),
  text("Település", "location.settlement", 18, (r) => r.location.settlement),
  text("Megye", "location.county", 16, (r) => r.location.county),
  text("Régió", "location.region", 20, (r) => r.location.region),
  amount("Összköltség", "funding.totalCost", (r) => r.funding.totalCost),
  amount("Támogatás", "funding.grant", (r) => r.funding.grant),
  amount("Önerő", "funding.ownContribution", (r) => r.funding.ownContribution),
  amount("Kifizetett támogatás", "funding.grantPaid", (r) => r.funding.grantPaid),
  date("Támogatói döntés", "dates.decision", (r) => r.dates.decision),
  date("Kezdés", "dates.start", (r) => r.dates.start),
  date("Tervezett befejezés", "dates.plannedEnd", (r) => r.dates.plannedEnd),
  date("Tényleges befejezés", "dates.actualEnd", (r) => r.dates.actualEnd),
  text("Belső azonosító (uid)", "uid", 38, (r) => r.uid),
];

/** The label of the totals row, in the first column; an import skips the row that carries it. */
export const TOTALS_LABEL = "Összesen";

export const PORTFOLIO_SHEET_NAME = "Projektek";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A cell as the document wants it: amounts stay numbers (whole forints), date cells become ISO days. */
function readCell(column: PortfolioColumn, value: CellValue, cell: string, problems: Problem[]): CellValue {
  if (value === null) return null;
  if (column.kind === "amount" && typeof value === "number" && !Number.isSafeInteger(value)) {
    problems.push({ cell, message: `"${value}" nem egész forintösszeg` });
    return null;
  }
  if (column.kind === "amount" && typeof value === "number") return value;
  if (column.kind === "date" && typeof value === "number") {
    // A year typed into a cell is a number; any other number in a date column is not a date.
    if (Number.isInteger(value) && value >= 1990 && value <= 2100) return String(value);
    problems.push({ cell, message: `"${value}" nem dátum (várt: dátumcella, vagy szöveg: 2016-09, 2009)` });
    return null;
  }
  return cellText(value);
}

export const portfolioLayout: Layout = {
  name: "portfolio",
  columns: PORTFOLIO_COLUMNS,
  headerProblems: (headers) => locateColumns(portfolioLayout, headers).problems,
  drafts(sheet) {
    const { index } = locateColumns(portfolioLayout, sheet.headers);
    const drafts: RowDraft[] = [];
    for (const { number, cells } of sheet.rows) {
      if (cells.every((c) => c === null)) continue;
      if (cellText(cells[0] ?? null) === TOTALS_LABEL) continue;
      const problems: Problem[] = [];
      const values = new Map<string, CellValue>();
      for (const column of PORTFOLIO_COLUMNS) {
        const at = index.get(column.path)!;
        values.set(column.path, readCell(column, cells[at] ?? null, cellAddress(at, number), problems));
      }
      const uid = values.get("uid") as string | null;
      if (uid !== null && !UUID.test(uid)) {
        problems.push({ cell: cellAddress(index.get("uid")!, number), message: `"${uid}" nem belső azonosító (uid); hagyja üresen egy új projektnél` });
      }
      let identifier = values.get("identifier") as string | null;
      try {
        identifier = identifier === null ? null : parseProjectIdentifier(identifier).identifier;
      } catch {
        // The schema says what is wrong with it, at its cell.
      }
      drafts.push({ row: number, values, problems, lookup: { uid: uid?.toLowerCase() ?? null, identifier, externalKey: null } });
    }
    return drafts;
  },
  document({ values }, stored) {
    const document: ProjectDocumentFields = stored ? { ...stored } : { publishedFrom: null };
    for (const [path, value] of values) {
      if (path === "beneficiary.name") document.beneficiary = beneficiaryOf(stored, value);
      else if (path === "funds") document.funds = value ?? [];
      else if (path === "uid" && value === null) continue;
      else setPath(document, path, value);
    }
    return { document };
  },
};
