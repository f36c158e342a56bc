/**
 * Imports project files: all or nothing per file, in one transaction. A
 * project already stored under the same identifier (or, without one, the same
 * call code and title) is updated in place; one whose stored values would not
 * change is left alone, so re-importing a file changes nothing.
 */
import type { Knex } from "knex";
import { ConstraintError, ValidationError, ValidationErrors } from "../errors.js";
import { parseProjectFile, type ParsedProject } from "../domain/projectFile.js";
import type { Database } from "../data/database.js";
import { ensureCall } from "../data/referenceRepository.js";
import { findProjectId, insertProject, replaceProject, rowsFor, storedRows } from "../data/projectsRepository.js";
import { resolveOrganisations, type Mention } from "./organisationResolver.js";
import { sameRows } from "./sameRows.js";

export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  organisations: { created: number; updated: number };
  calls: { created: number; updated: number };
}

function mentionsOf({ record, path }: ParsedProject): Mention[] {
  return [
    { organisation: record.beneficiary, path: `${path}.beneficiary` },
    ...record.partners.map((p, i) => ({ organisation: p.organisation, path: `${path}.partners[${i}]` })),
  ];
}

function projectKey({ record }: ParsedProject): string {
  return record.identifier ?? `${record.call?.code}\u0000${record.title}`;
}

/** The same project twice in one file is almost always a mistake; say where. */
function rejectDuplicates(projects: ParsedProject[]): void {
  const seen = new Map<string, string>();
  const errors: ValidationError[] = [];
  for (const project of projects) {
    const key = projectKey(project);
    const earlier = seen.get(key);
    if (earlier) {
      const what = project.record.identifier ? "azonosítóval" : "felhívás-kóddal és címmel";
      errors.push(new ValidationError(`ugyanezzel az ${what} már szerepel projekt: ${earlier}`, project.path));
    } else seen.set(key, project.path);
  }
  if (errors.length > 0) throw new ValidationErrors(errors);
}

async function writeAll(trx: Knex, projects: ParsedProject[]): Promise<ImportSummary> {
  const summary: ImportSummary = {
    created: 0,
    updated: 0,
    unchanged: 0,
    organisations: { created: 0, updated: 0 },
    calls: { created: 0, updated: 0 },
  };
  const organisations = await resolveOrganisations(trx, projects.flatMap(mentionsOf));
  summary.organisations = { created: organisations.created, updated: organisations.updated };

  for (const project of projects) {
    const { record } = project;
    const call = await ensureCall(trx, { call: project.call, title: record.call?.title ?? null });
    if (call.created) summary.calls.created++;
    if (call.updated) summary.calls.updated++;
    const [beneficiary, ...partners] = mentionsOf(project);
    const rows = rowsFor(
      record,
      { callId: call.id, beneficiaryId: organisations.idOf(beneficiary!) },
      record.partners.map((p, i) => ({
        organisationId: organisations.idOf(partners[i]!),
        role: p.role,
        grantShare: p.grantShare,
      })),
    );
    try {
      const existing = await findProjectId(trx, { identifier: record.identifier, callId: call.id, title: record.title });
      if (existing === undefined) {
        await insertProject(trx, rows);
        summary.created++;
      } else if (sameRows(await storedRows(trx, existing), rows)) {
        summary.unchanged++;
      } else {
        await replaceProject(trx, existing, rows);
        summary.updated++;
      }
    } catch (error) {
      if (error instanceof ConstraintError) throw new ValidationErrors([new ValidationError(error.message, project.path)]);
      throw error;
    }
  }
  return summary;
}

export function createImportService(db: Database) {
  return {
    /** Validates a parsed JSON project file and writes it; throws ValidationErrors, writing nothing, if any part is bad. */
    async importDocument(document: unknown): Promise<ImportSummary> {
      const projects = parseProjectFile(document);
      rejectDuplicates(projects);
      try {
        return await db.knex.transaction((trx) => writeAll(trx, projects));
      } catch (error) {
        if (Array.isArray(error)) throw new ValidationErrors(error as ValidationError[]);
        throw error;
      }
    },
  };
}

export type ImportService = ReturnType<typeof createImportService>;
