/**
 * The national list of funded projects as palyazat.gov.hu publishes it (and as Hungary publishes the lists
 * of other instruments, the Recovery and Resilience Facility's among them): one row per funded project,
 * known by its call code only, with the list's own unique `id_palyazat`. Each row becomes a call-code-only
 * project whose external key is that id, so a newer download updates the projects an older one created.
 * Columns are described in shared/data/README.md; `kiiras_eve`, `kisterseg_nev`, `jaras_nev` and
 * `load_date` have no place in a project and are read past, as is any column a list adds.
 */
import { parsePartialDate } from "../domain/dates.js";
import { parseCallCode, PROGRAMME_CODE } from "../domain/identifiers.js";
import { findProgramme, periodOfYear, type DescribedProgramme, type Period } from "../domain/programmes.js";
import { beneficiaryOf, cellText, locateColumns, setPath, type Layout, type ProjectDocumentFields, type RowDraft } from "./layout.js";
import { cellAddress, type CellValue } from "./sheet.js";

/** The source the list's ids are kept under, as external keys. */
export const NATIONAL_LIST_SOURCE = "palyazat.gov.hu";

/** The columns a project is made of, by the list's own headers. */
const COLUMNS = [
  { header: "fejlesztesi_program_nev", path: "programme.name" },
  { header: "forras", path: "funds" },
  { header: "op_kod", path: "programme.code" },
  { header: "konstrukcio_nev", path: "call.title" },
  { header: "konstrukcio_kod", path: "call.code" },
  { header: "palyazo_neve", path: "beneficiary.name" },
  { header: "projekt_cime", path: "title" },
  { header: "megval_regio_nev", path: "location.region" },
  { header: "megval_megye_nev", path: "location.county" },
  { header: "helyseg_nev", path: "location.settlement" },
  { header: "tam_dont_datum", path: "dates.decision" },
  { header: "megitelt_tamogatas", path: "funding.grant" },
  { header: "id_palyazat", path: "externalKeys" },
] as const;

/** Whole forints written as a float, as the list writes them: `373047360.0`. */
const FLOAT_FORINTS = /^(\d+)(?:\.0*)?$/;

/** The list's own headers mark it: no other layout has `id_palyazat` and `konstrukcio_kod`. */
export function isNationalList(headers: readonly string[]): boolean {
  const folded = new Set(headers.map((h) => h.trim().toLowerCase()));
  return folded.has("id_palyazat") && folded.has("konstrukcio_kod");
}

/** The period of a call: the year its code carries (`…-21` is 2021), else the year of the decision. */
function periodOf(callCode: string, decision: string | null): Period | null {
  const year = callCode.split("-").slice(2).find((part) => /^\d{2}$/.test(part));
  if (year) return periodOfYear(2000 + Number(year));
  try {
    return decision ? periodOfYear(parsePartialDate(decision).year) : null;
  } catch {
    return null;
  }
}

export const nationalListLayout: Layout = {
  name: "national-list",
  columns: COLUMNS,
  // A list may carry columns a project has no place for (kiiras_eve, jaras_nev, load_date…): only missing ones matter.
  headerProblems: (headers) => locateColumns(nationalListLayout, headers, { unknownAllowed: true }).problems,
  drafts(sheet) {
    const index = new Map(COLUMNS.map((c) => [c.path, sheet.headers.findIndex((h) => h.trim().toLowerCase() === c.header)]));
    const drafts: RowDraft[] = [];
    for (const { number, cells } of sheet.rows) {
      if (cells.every((c) => c === null)) continue;
      const values = new Map<string, CellValue>();
      for (const column of COLUMNS) values.set(column.path, cellText(cells[index.get(column.path)!] ?? null));
      const problems: RowDraft["problems"] = [];
      const grant = values.get("funding.grant") as string | null;
      const whole = grant === null ? null : FLOAT_FORINTS.exec(grant);
      if (whole) values.set("funding.grant", Number(whole[1]));
      else if (grant !== null && /^\d+\.\d+$/.test(grant)) {
        problems.push({ cell: cellAddress(index.get("funding.grant")!, number), message: `"${grant}" nem egész forintösszeg` });
      }
      const id = values.get("externalKeys") as string | null;
      if (id === null) problems.push({ cell: cellAddress(index.get("externalKeys")!, number), message: "hiányzik a lista azonosítója (id_palyazat)" });
      drafts.push({
        row: number,
        values,
        problems,
        lookup: { uid: null, identifier: null, externalKey: id === null ? null : { source: NATIONAL_LIST_SOURCE, key: id } },
      });
    }
    return drafts;
  },
  document({ values, lookup }, stored) {
    const document: ProjectDocumentFields = stored ? { ...stored } : { publishedFrom: null };
    const otherKeys = ((stored?.externalKeys ?? []) as Array<{ source: string; key: string }>).filter((k) => k.source !== NATIONAL_LIST_SOURCE);
    document.externalKeys = [...otherKeys, ...(lookup.externalKey ? [lookup.externalKey] : [])];
    for (const [path, value] of values) {
      if (path.startsWith("programme.") || path === "externalKeys") continue;
      if (path === "beneficiary.name") document.beneficiary = beneficiaryOf(stored, value);
      else if (path === "funds") document.funds = value ?? [];
      else setPath(document, path, value);
    }
    const code = values.get("programme.code") as string | null;
    const callCode = (values.get("call.code") as string | null) ?? "";
    if (!code || !PROGRAMME_CODE.test(code) || !callCode.toUpperCase().startsWith(`${code}-`)) return { document };
    const period = findProgramme(code)?.period ?? periodOf(callCode, values.get("dates.decision") as string | null);
    if (!period) return { document };
    const funds = String(values.get("funds") ?? "").toUpperCase();
    const programme: DescribedProgramme = {
      code,
      name: (values.get("programme.name") as string | null) ?? code,
      period,
      instrument: /\bRRF\b/.test(funds) ? "rrf" : "cohesion",
    };
    return { document, programme };
  },
};

/**
 * The call of a list row whose programme our tables may not know: the code as the list writes it, under the
 * programme the list names. Null when the code reads as a call code by itself.
 */
export function listedCall(callCode: string, programme: DescribedProgramme) {
  try {
    const call = parseCallCode(callCode);
    if (call.period) return null;
  } catch {
    // Not a code of a programme we know: the list's own programme column says whose it is.
  }
  return { code: callCode.trim(), programmeCode: programme.code, period: programme.period, regular: true };
}
