/**
 * Imports project files through the one write path, all or nothing per file,
 * in one transaction. Re-importing a file changes nothing and writes no audit
 * entry; a project is updated in place, its records keep their identity.
 */
import { asActor, type ActorLike } from "../domain/permissions.js";
import { ValidationError } from "../errors.js";
import type { Database } from "../data/database.js";
import { auditedTransaction } from "../data/auditRepository.js";
import { capped, parseProjectFile } from "../projectFile/parse.js";
import { dayInBudapest } from "../domain/dates.js";
import { writeProjects, type ProjectInput, type WriteSummary } from "./projectWriter.js";

export interface ImportSummary extends Omit<WriteSummary, "projectUids"> {
  /** Problems that did not stop the import (an end before the start...). */
  warnings: string[];
}

/** Keys that make two projects of one file the same project. */
function keysOf({ record }: ProjectInput): string[] {
  return [
    ...(record.uid ? [`uid:${record.uid}`] : []),
    ...(record.identifier ? [`identifier:${record.identifier}`] : []),
    ...(record.externalKeys ?? []).map((k) => `key:${k.source}:${k.key}`),
    ...(!record.identifier && !record.uid && !record.externalKeys?.length ? [`call:${JSON.stringify([record.call?.code, record.beneficiary.taxNumber ?? record.beneficiary.name, record.title])}`] : []),
  ];
}

/** The same project twice in one file is almost always a mistake; say where. */
function rejectDuplicates(inputs: ProjectInput[]): void {
  const seen = new Map<string, string>();
  const errors: ValidationError[] = [];
  for (const input of inputs) {
    const earlier = keysOf(input)
      .map((key) => seen.get(key))
      .find(Boolean);
    if (earlier) errors.push(new ValidationError(`ugyanez a projekt már szerepel: ${earlier}`, input.path));
    for (const key of keysOf(input)) if (!seen.has(key)) seen.set(key, input.path);
  }
  if (errors.length > 0) throw capped(errors);
}

export function createImportService(db: Database) {
  return {
    /**
     * Validates a parsed JSON project file and writes it as `actor` (e.g. `import:projects.json`);
     * throws ValidationErrors, writing nothing, if any part is bad.
     */
    async importDocument(document: unknown, actor: ActorLike): Promise<ImportSummary> {
      const { inputs, warnings } = parseProjectFile(document);
      rejectDuplicates(inputs);
      try {
        return await auditedTransaction(db.knex, async (trx, audit) => {
          const { projectUids: _, ...summary } = await writeProjects({ trx, audit, actor: asActor(actor), today: dayInBudapest(new Date()), closing: "historic" }, inputs);
          return { ...summary, warnings: warnings.map((w) => w.message) };
        });
      } catch (error) {
        if (Array.isArray(error)) throw capped(error as ValidationError[]);
        throw error;
      }
    },
  };
}

export type ImportService = ReturnType<typeof createImportService>;
