/**
 * What every importable spreadsheet layout provides: how its header row is checked, how a row becomes a
 * draft (its cells read, the keys that find its stored project), how a draft becomes a project document on
 * top of what is stored, and which cell a problem found later (by the schema or the write path) belongs to.
 */
import type { DescribedProgramme } from "../domain/programmes.js";
import type { ExternalKey } from "../domain/project.js";
import { cellAddress, type CellValue, type Sheet } from "./sheet.js";

/** A problem of a row, at a cell (`C14`) when one is to blame. */
export interface Problem {
  cell: string | null;
  message: string;
}

/** What finds a row's stored project. */
export interface RowLookup {
  uid: string | null;
  identifier: string | null;
  externalKey: ExternalKey | null;
}

export interface RowDraft {
  row: number;
  lookup: RowLookup;
  /** The row's values by document path, as read from the cells. */
  values: Map<string, CellValue>;
  problems: Problem[];
}

/** A project document (the project file's shape), without its record lists: a row says nothing about them. */
export type ProjectDocumentFields = Record<string, unknown>;

export interface Layout {
  /** `portfolio` or `national-list`: how the report names it. */
  name: string;
  /** The columns, by header, with the document path each fills. */
  columns: ReadonlyArray<{ header: string; path: string }>;
  /** Problems of the header row: missing, unknown or renamed columns. */
  headerProblems(headers: readonly string[]): Problem[];
  drafts(sheet: Sheet): RowDraft[];
  /** The document a draft asks to store, on top of the stored project's (undefined for a new project). */
  document(draft: RowDraft, stored: ProjectDocumentFields | undefined): { document: ProjectDocumentFields; programme?: DescribedProgramme };
}

const fold = (header: string) => header.normalize("NFC").trim().toLowerCase();

/** Where each expected header is; every missing one and every one not expected is a problem. */
export function locateColumns(
  layout: Pick<Layout, "columns">,
  headers: readonly string[],
  { unknownAllowed = false } = {},
): { index: Map<string, number>; problems: Problem[] } {
  const index = new Map<string, number>();
  const expected = new Map(layout.columns.map((c) => [fold(c.header), c.path]));
  const problems: Problem[] = [];
  headers.forEach((header, i) => {
    const path = expected.get(fold(header));
    if (path !== undefined && !index.has(path)) index.set(path, i);
    else if (header !== "" && !unknownAllowed) problems.push({ cell: cellAddress(i, 1), message: `ismeretlen oszlop: „${header}”` });
  });
  const missing = layout.columns.filter((c) => !index.has(c.path));
  for (const c of missing) problems.push({ cell: null, message: `hiányzik a(z) „${c.header}” oszlop` });
  if (problems.length > 0) {
    problems.push({ cell: null, message: `a várt oszlopok: ${layout.columns.map((c) => `„${c.header}”`).join(", ")}` });
  }
  return { index, problems };
}

/** The cell a problem at a document path (`funding.grant`, `beneficiary`, `funds[0]`) belongs to, if any. */
export function cellOf(layout: Pick<Layout, "columns">, headers: readonly string[], errorPath: string, row: number): string | null {
  if (!errorPath) return null;
  const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
  const column = layout.columns.find((c) => under(errorPath, c.path)) ?? layout.columns.find((c) => under(c.path, errorPath));
  if (!column) return null;
  const index = headers.findIndex((h) => fold(h) === fold(column.header));
  return index < 0 ? null : cellAddress(index, row);
}

/** Sets a value at a dotted path of a document, making the objects on the way. */
export function setPath(document: ProjectDocumentFields, path: string, value: unknown): void {
  const keys = path.split(".");
  let target = document;
  for (const key of keys.slice(0, -1)) {
    const next = target[key];
    target = (target[key] = next !== null && typeof next === "object" ? { ...(next as object) } : {}) as ProjectDocumentFields;
  }
  target[keys.at(-1)!] = value;
}

/** A cell as text: numbers as written, a date cell as its ISO day. */
export function cellText(value: CellValue): string | null {
  if (value === null) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const text = String(value).trim();
  return text === "" ? null : text;
}

/**
 * The beneficiary a row names: the stored one (with its address and the rest) while the name is the same,
 * else a new mention by name.
 */
export function beneficiaryOf(stored: ProjectDocumentFields | undefined, name: unknown): Record<string, unknown> {
  const current = stored?.beneficiary as Record<string, unknown> | undefined;
  return current && current.name === name ? { ...current } : { name };
}
