/**
 * Spreadsheets in and out. Export streams the portfolio, or one project, as XLSX or CSV in the portfolio
 * layout. Import reads that layout, or the national list's, row by row: each row becomes a project document
 * on top of the stored project it names, checked by the project-file schema and written by the one write
 * path (projectWriter) as the importing user, all or nothing. A preview runs the same write in a transaction
 * it rolls back, so it says exactly what would be created, updated, left unchanged or rejected, row by row,
 * with the cell to blame; a web upload then waits in the database until its user confirms it, and the
 * confirmation writes only if no project changed since the preview.
 */
import type { Writable } from "node:stream";
import type { Knex } from "knex";
import { ConflictError, ForbiddenError, ValidationError, ValidationErrors } from "../errors.js";
import { asActor, type Actor, type ActorLike } from "../domain/permissions.js";
import { dayInBudapest } from "../domain/dates.js";
import type { DescribedProgramme } from "../domain/programmes.js";
import type { CallCode } from "../domain/identifiers.js";
import { RECORD_LISTS, type StoredProject } from "../domain/project.js";
import type { Database } from "../data/database.js";
import { AuditBuffer, auditedTransaction } from "../data/auditRepository.js";
import { allProjectIds, loadProjects } from "../data/projectReads.js";
import { externalKeyText, findByKeys } from "../data/projectWrites.js";
import { deleteExpired, deleteStaged, insertStaged, takeStaged } from "../data/spreadsheetImports.js";
import { chunks } from "../data/batches.js";
import { parseProject } from "../projectFile/parse.js";
import { projectDocument } from "../projectFile/document.js";
import { cellOf, type Layout, type Problem, type ProjectDocumentFields, type RowDraft } from "../spreadsheets/layout.js";
import { isNationalList, listedCall, nationalListLayout } from "../spreadsheets/nationalList.js";
import { PORTFOLIO_COLUMNS, PORTFOLIO_SHEET_NAME, portfolioLayout, TOTALS_LABEL } from "../spreadsheets/portfolioLayout.js";
import { csvWriter, readSheet, xlsxWriter, type Sheet } from "../spreadsheets/sheet.js";
import { writeProjects, type ProjectInput, type WriteSummary } from "./projectWriter.js";

export const SPREADSHEET_FORMATS = ["xlsx", "csv"] as const;
export type SpreadsheetFormat = (typeof SPREADSHEET_FORMATS)[number];

/**
 * The embedded engine has one connection: a web import holds it for the whole write and every other request
 * waits. Above this many rows it is refused there, with a pointer to the command line.
 */
export const EMBEDDED_WEB_IMPORT_ROWS = 1000;

/** `unchecked`: the write path stopped at another row's refusal before it got to this one. */
export type RowOutcomeKind = "created" | "updated" | "unchanged" | "rejected" | "unchecked";

export interface RowOutcome {
  row: number;
  /** The project as people know it: identifier, else title. */
  label: string;
  outcome: RowOutcomeKind;
  problems: Problem[];
}

/** One row as it waits for confirmation: the document checked at the preview, the version it was based on. */
interface PreparedRow {
  /** The row as the write path takes it, while it is at hand (a staged row is parsed again). */
  input?: ProjectInput;
  row: number;
  label: string;
  document: ProjectDocumentFields;
  programme?: DescribedProgramme;
  call?: CallCode;
  expectedVersion?: number;
}

export interface SpreadsheetPreview {
  fileName: string;
  layout: string;
  /** Problems of the file as a whole (unreadable, missing columns): no row was looked at. */
  fileProblems: Problem[];
  rows: RowOutcome[];
  counts: Record<RowOutcomeKind, number>;
  /** Programmes the import would create from the list's own columns, for an admin to confirm. */
  programmesCreated: string[];
}

export interface SpreadsheetSummary extends Omit<WriteSummary, "projectUids"> {
  rows: number;
  programmesCreated: string[];
}

/** The row a writer's error names: its path or message starts with the row's own (`14. sor`). */
const ROW_PATH = /^(\d+)\. sor(?:[.:]\s*|$)(.*)$/s;
const rowPath = (row: number) => `${row}. sor`;

class DryRun extends Error {
  constructor(readonly result: { summary: WriteSummary; versions: Map<string, number> }) {
    super("dry run");
  }
}

function counted(rows: readonly RowOutcome[]): Record<RowOutcomeKind, number> {
  const counts = { created: 0, updated: 0, unchanged: 0, rejected: 0, unchecked: 0 };
  for (const r of rows) counts[r.outcome]++;
  return counts;
}

/** The stored project's fields as a row overlays them: everything but its record lists, which a row leaves alone. */
function storedFields(stored: StoredProject): ProjectDocumentFields {
  const document: ProjectDocumentFields = projectDocument(stored.record);
  for (const list of RECORD_LISTS) delete document[list];
  return document;
}

export function createSpreadsheetService(db: Database) {
  const knex = db.knex;

  /** Reads the file and turns every row into a checked project document, or says what is wrong with it. */
  async function prepare(content: Buffer) {
    let sheet: Sheet;
    try {
      sheet = await readSheet(content);
    } catch (error) {
      if (error instanceof ValidationErrors) return { layout: portfolioLayout, headers: [], fileProblems: error.errors.map((e) => ({ cell: null, message: e.rawMessage() })), rows: [] as PreparedRow[], problems: new Map<number, Problem[]>(), labels: new Map<number, string>() };
      throw error;
    }
    const layout: Layout = isNationalList(sheet.headers) ? nationalListLayout : portfolioLayout;
    const fileProblems = layout.headerProblems(sheet.headers);
    const problems = new Map<number, Problem[]>();
    const labels = new Map<number, string>();
    const rows: PreparedRow[] = [];
    if (fileProblems.length > 0) return { layout, headers: sheet.headers, fileProblems, rows, problems, labels };
    const drafts = layout.drafts(sheet);
    sheet.rows.length = 0;
    const seen = new Map<string, number>();
    for (const slice of chunks(drafts, 500)) {
      const found = await findByKeys(
        knex,
        slice.map((d) => ({ uid: d.lookup.uid, identifier: d.lookup.identifier, externalKeys: d.lookup.externalKey ? [d.lookup.externalKey] : [] })),
      );
      const idOf = (d: RowDraft) =>
        (d.lookup.uid ? found.byUid.get(d.lookup.uid) : undefined) ??
        (d.lookup.identifier ? found.byIdentifier.get(d.lookup.identifier) : undefined) ??
        (d.lookup.externalKey ? found.byExternalKey.get(externalKeyText(d.lookup.externalKey)) : undefined);
      const stored = new Map((await loadProjects(knex, [...new Set(slice.flatMap((d) => idOf(d) ?? []))])).map((p) => [p.id, p]));
      for (const draft of slice) {
        const rowProblems = [...draft.problems];
        const id = idOf(draft);
        const project = id === undefined ? undefined : stored.get(id);
        labels.set(draft.row, String(draft.values.get("identifier") ?? draft.values.get("title") ?? project?.record.title ?? ""));
        if (draft.lookup.uid && !found.byUid.has(draft.lookup.uid)) {
          rowProblems.push({ cell: cellOf(layout, sheet.headers, "uid", draft.row), message: `nincs ${draft.lookup.uid} belső azonosítójú projekt` });
        }
        const key = draft.lookup.uid ?? draft.lookup.identifier ?? (draft.lookup.externalKey ? externalKeyText(draft.lookup.externalKey) : null);
        if (key !== null) {
          const earlier = seen.get(key);
          if (earlier !== undefined) rowProblems.push({ cell: null, message: `ugyanez a projekt már szerepel a(z) ${earlier}. sorban` });
          else seen.set(key, draft.row);
        }
        if (rowProblems.length === 0) {
          const { document, programme } = layout.document(draft, project ? storedFields(project) : undefined);
          try {
            const { input } = parseProject(document, rowPath(draft.row));
            const call = programme ? listedCall(input.call.code, programme) : null;
            rows.push({
              input,
              row: draft.row,
              label: labels.get(draft.row)!,
              document,
              ...(programme ? { programme } : {}),
              ...(call ? { call } : {}),
              ...(project ? { expectedVersion: project.version } : {}),
            });
          } catch (error) {
            if (!(error instanceof ValidationErrors)) throw error;
            rowProblems.push(...error.errors.map((e) => ({ cell: cellOf(layout, sheet.headers, e.path, draft.row), message: e.rawMessage() })));
          }
        }
        if (rowProblems.length > 0) problems.set(draft.row, rowProblems);
      }
    }
    return { layout, headers: sheet.headers, fileProblems, rows, problems, labels };
  }

  /** The prepared rows as the write path takes them, parsed again (a staged row comes back as plain JSON). */
  function inputsOf(rows: readonly PreparedRow[]): ProjectInput[] {
    return rows.map((r) => {
      const input = r.input ?? parseProject(r.document, rowPath(r.row)).input;
      return {
        ...input,
        ...(r.call ? { call: r.call } : {}),
        ...(r.programme ? { programme: r.programme } : {}),
        ...(r.expectedVersion !== undefined ? { expectedVersion: r.expectedVersion } : {}),
      };
    });
  }

  /** A refusal of the write path, at the row (and cell) it names. */
  function locate(error: unknown, layout: Layout, headers: readonly string[]): Map<number, Problem[]> | null {
    const errors = Array.isArray(error) ? (error as unknown[]) : error instanceof ValidationErrors ? error.errors : [error];
    const located = new Map<number, Problem[]>();
    for (const e of errors) {
      if (!(e instanceof ValidationError || e instanceof ForbiddenError || e instanceof ConflictError)) return null;
      const path = e instanceof ValidationError ? e.path : "";
      const match = ROW_PATH.exec(path || e.message);
      if (!match) return null;
      const row = Number(match[1]);
      const cell = path ? cellOf(layout, headers, match[2] ?? "", row) : null;
      const message = e instanceof ValidationError ? e.rawMessage() : (match[2] ?? e.message);
      located.set(row, [...(located.get(row) ?? []), { cell, message }]);
    }
    return located;
  }

  async function unknownProgrammes(rows: readonly PreparedRow[], trx: Knex = knex): Promise<string[]> {
    const codes = [...new Set(rows.flatMap((r) => (r.programme ? [r.programme.code] : [])))];
    if (codes.length === 0) return [];
    const known = new Set((await trx("programmes").whereIn("code", codes).pluck("code")) as string[]);
    return codes.filter((c) => !known.has(c)).sort();
  }

  function write(actor: Actor, inputs: ProjectInput[]): Promise<WriteSummary> {
    return auditedTransaction(knex, (trx, audit) => writeProjects({ trx, audit, actor, today: dayInBudapest(new Date()), closing: "historic" }, inputs));
  }

  /** Writes and rolls back: what the write would do to each row, or the refusals it would meet. */
  async function dryRun(actor: Actor, inputs: ProjectInput[]): Promise<{ summary: WriteSummary; versions: Map<string, number> }> {
    try {
      await knex.transaction(async (trx) => {
        const summary = await writeProjects({ trx, audit: new AuditBuffer(trx), actor, today: dayInBudapest(new Date()), closing: "historic" }, inputs);
        const versions = new Map<string, number>();
        for (const chunk of chunks(summary.projectUids)) {
          for (const r of await trx("projects").whereIn("uid", chunk).select("uid", "version")) versions.set(r.uid, r.version);
        }
        throw new DryRun({ summary, versions });
      });
    } catch (error) {
      if (error instanceof DryRun) return error.result;
      throw error;
    }
    throw new Error("A dry run always rolls back");
  }

  /** What importing the file would do, row by row, written nowhere. */
  async function preview(actorLike: ActorLike, fileName: string, content: Buffer, options: { web?: boolean } = {}) {
    const actor = asActor(actorLike);
    const prepared = await prepare(content);
    const { layout, headers, rows, problems, labels } = prepared;
    const rowCount = rows.length + problems.size;
    if (options.web && db.engine === "embedded" && rowCount > EMBEDDED_WEB_IMPORT_ROWS) {
      throw new ValidationErrors([
        new ValidationError(
          `a beágyazott adatbázison a böngészőből legfeljebb ${EMBEDDED_WEB_IMPORT_ROWS.toLocaleString("hu-HU")} soros táblázat importálható (ez ${rowCount.toLocaleString("hu-HU")} soros); nagyobbat a parancssorból: npm run import -- ${fileName}`,
          "file",
        ),
      ]);
    }
    const outcomes = new Map<number, RowOutcome>();
    for (const [row, rowProblems] of problems) outcomes.set(row, { row, label: labels.get(row) ?? "", outcome: "rejected", problems: rowProblems });
    if (rows.length > 0) {
      try {
        const { summary, versions } = await dryRun(actor, inputsOf(rows));
        rows.forEach((r, i) => {
          const version = versions.get(summary.projectUids[i]!);
          const outcome = r.expectedVersion === undefined ? "created" : version !== r.expectedVersion ? "updated" : "unchanged";
          outcomes.set(r.row, { row: r.row, label: r.label, outcome, problems: [] });
        });
      } catch (error) {
        const located = locate(error, layout, headers);
        if (!located) throw error;
        for (const [row, rowProblems] of located) outcomes.set(row, { row, label: labels.get(row) ?? "", outcome: "rejected", problems: rowProblems });
        for (const r of rows) if (!outcomes.has(r.row)) outcomes.set(r.row, { row: r.row, label: r.label, outcome: "unchecked", problems: [] });
      }
    }
    const ordered = [...outcomes.values()].sort((a, b) => a.row - b.row);
    const result: SpreadsheetPreview = {
      fileName,
      layout: layout.name,
      fileProblems: prepared.fileProblems,
      rows: ordered,
      counts: counted(ordered),
      programmesCreated: await unknownProgrammes(rows),
    };
    return { preview: result, rows };
  }

  function rejection(located: Map<number, Problem[]> | Problem[]): ValidationErrors {
    const problems = Array.isArray(located) ? located : [...located.entries()].sort(([a], [b]) => a - b).flatMap(([row, ps]) => ps.map((p) => ({ ...p, cell: p.cell ?? rowPath(row) })));
    return new ValidationErrors(problems.map((p) => new ValidationError(p.message, p.cell ?? "")));
  }

  return {
    /**
     * The preview of a web upload; when no row is rejected, the upload waits (a day at most) for its user to
     * confirm it, and `stagedId` names it.
     */
    async stage(actor: Actor, fileName: string, content: Buffer): Promise<SpreadsheetPreview & { stagedId: string | null }> {
      if (actor.userId === null) throw new Error("Only a signed-in user stages an upload");
      const { preview: result, rows } = await preview(actor, fileName, content, { web: true });
      await deleteExpired(knex);
      const acceptable = result.fileProblems.length === 0 && result.counts.rejected === 0 && rows.length > 0;
      const stagedId = acceptable
        ? await insertStaged(knex, { userId: actor.userId, fileName, rowCount: rows.length, inputs: rows.map(({ input: _, ...row }) => row) })
        : null;
      return { ...result, stagedId };
    },

    /**
     * Writes a staged upload, all or nothing, if every project it updates is still at the version its preview
     * saw; otherwise refuses (409) and writes nothing. The staged upload is gone either way once written.
     */
    async confirm(actor: Actor, id: string): Promise<SpreadsheetSummary> {
      if (actor.userId === null || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new ValidationErrors([new ValidationError("nincs ilyen feltöltés, vagy lejárt")]);
      await deleteExpired(knex);
      // The upload is taken and written in one transaction: a second confirmation waits, then finds it gone.
      return auditedTransaction(knex, async (trx, audit) => {
        const staged = await takeStaged<PreparedRow>(trx, id, actor.userId!);
        if (!staged) throw new ValidationErrors([new ValidationError("nincs ilyen feltöltés, vagy lejárt (a feltöltések 24 óráig várnak a megerősítésre)")]);
        const programmesCreated = await unknownProgrammes(staged.inputs, trx);
        const { projectUids: _, ...summary } = await writeProjects({ trx, audit, actor, today: dayInBudapest(new Date()), closing: "historic" }, inputsOf(staged.inputs));
        await deleteStaged(trx, id);
        return { ...summary, rows: staged.rowCount, programmesCreated };
      });
    },

    /** Imports a file at once (the command line): checked whole, then written all or nothing; or only previewed. */
    async importFile(actorLike: ActorLike, fileName: string, content: Buffer): Promise<SpreadsheetSummary> {
      const actor = asActor(actorLike);
      const { layout, headers, fileProblems, rows, problems } = await prepare(content);
      if (fileProblems.length > 0) throw rejection(fileProblems);
      if (problems.size > 0) throw rejection(problems);
      const programmesCreated = await unknownProgrammes(rows);
      try {
        const { projectUids: _, ...summary } = await write(actor, inputsOf(rows));
        return { ...summary, rows: rows.length, programmesCreated };
      } catch (error) {
        const located = locate(error, layout, headers);
        if (located) throw rejection(located);
        throw error;
      }
    },

    /** Writes the portfolio, every project in the natural order, batch by batch. */
    async exportPortfolio(format: SpreadsheetFormat, out: Writable): Promise<number> {
      const ids = await allProjectIds(knex);
      async function* batches() {
        for (const chunk of chunks(ids, 500)) yield await loadProjects(knex, chunk);
      }
      return writePortfolio(format, out, batches());
    },

    /** Writes one project's row in the same layout. */
    async exportProject(project: StoredProject, format: SpreadsheetFormat, out: Writable): Promise<number> {
      async function* one() {
        yield [project];
      }
      return writePortfolio(format, out, one());
    },
  };
}

/** The portfolio layout, a row per project, then (in XLSX) the totals of every amount column. */
async function writePortfolio(format: SpreadsheetFormat, out: Writable, batches: AsyncIterable<StoredProject[]>): Promise<number> {
  const writer = format === "xlsx" ? await xlsxWriter(out, PORTFOLIO_SHEET_NAME, PORTFOLIO_COLUMNS) : csvWriter(out, PORTFOLIO_COLUMNS);
  const sums: Array<number | null> = PORTFOLIO_COLUMNS.map((c) => (c.kind === "amount" ? 0 : null));
  let count = 0;
  for await (const batch of batches) {
    for (const project of batch) {
      const cells = PORTFOLIO_COLUMNS.map((c) => c.value(project.record));
      cells.forEach((value, i) => {
        if (typeof value === "number" && sums[i] !== null) sums[i]! += value;
      });
      await writer.add(cells);
      count++;
    }
  }
  await writer.end({ label: TOTALS_LABEL, sums });
  return count;
}

export type SpreadsheetService = ReturnType<typeof createSpreadsheetService>;
