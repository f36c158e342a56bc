/**
 * Imports project files through the one write path, all or nothing per file, in one transaction.
 * A file streams through: each project is checked as it arrives and written in batches, so a file of
 * any size needs the memory of one batch; a bad project anywhere (the last one too) rolls back all.
 * Re-importing a file changes nothing and writes no audit entry; a project is updated in place, its
 * records keep their identity.
 */
import { asActor, type ActorLike } from "../domain/permissions.js";
import { ValidationError } from "../errors.js";
import type { Database } from "../data/database.js";
import { auditedTransaction } from "../data/auditRepository.js";
import { ImportKeys } from "../data/importKeys.js";
import { lockAllKeys } from "../data/locks.js";
import { ErrorTally, fileShapeErrors, parseFileProject } from "../projectFile/parse.js";
import { documentProjects, type ProjectValues } from "../projectFile/stream.js";
import { dayInBudapest } from "../domain/dates.js";
import { writeProjects, type ProjectInput, type WriteContext, type WriteSummary } from "./projectWriter.js";

export interface ImportSummary extends Omit<WriteSummary, "projectUids"> {
  /** Problems that did not stop the import (an end before the start...). */
  warnings: string[];
}

/** Projects written per call of the writer: big enough for its set-wise lookups, small enough to hold. */
export const IMPORT_BATCH = 1_000;

export interface ImportOptions {
  /** Called after each batch is written (and once at the end) with the number of projects read so far. */
  onProgress?: (projectsRead: number) => void;
  /** Projects per batch (tests make it small). */
  batchSize?: number;
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

/**
 * The same project twice in one file is almost always a mistake; say where. Earlier batches' keys are
 * looked up in `earlier`; the batch's own keys are then remembered there (when more batches may follow).
 */
async function duplicatesIn(batch: ProjectInput[], earlier: ImportKeys, more: boolean): Promise<ValidationError[]> {
  const stored = await earlier.placesOf(batch.flatMap(keysOf));
  const seen = new Map<string, string>();
  const errors: ValidationError[] = [];
  for (const input of batch) {
    const keys = keysOf(input);
    const first = keys.map((key) => stored.get(key) ?? seen.get(key)).find(Boolean);
    if (first) errors.push(new ValidationError(`ugyanez a projekt már szerepel: ${first}`, input.path));
    for (const key of keys) if (!seen.has(key) && !stored.has(key)) seen.set(key, input.path);
  }
  if (errors.length === 0 && more) await earlier.remember([...seen].map(([key, place]) => ({ key, place })));
  return errors;
}

/** What the writer throws at input it refuses (a 4xx: invalid, forbidden, conflicting), as opposed to a failure. */
const isRefusal = (error: unknown) =>
  Array.isArray(error) || (error instanceof Error && typeof (error as { status?: unknown }).status === "number" && (error as unknown as { status: number }).status < 500);

const add = (total: WriteSummary, part: WriteSummary) => {
  total.created += part.created;
  total.updated += part.updated;
  total.unchanged += part.unchanged;
  total.publishedOnWrite += part.publishedOnWrite;
  total.organisations.created += part.organisations.created;
  total.organisations.updated += part.organisations.updated;
  total.calls.created += part.calls.created;
  total.calls.updated += part.calls.updated;
};

export function createImportService(db: Database) {
  /**
   * Checks and writes the projects as they come, in batches, in one transaction. Once a problem is
   * found nothing more is written, but the rest is still read so that every error can be named (the
   * file's own errors before the writer's, as if the file had been checked whole first); then the
   * transaction rolls back and ValidationErrors (capped) is thrown.
   */
  async function importProjects(projects: ProjectValues, actor: ActorLike, options: ImportOptions = {}): Promise<ImportSummary> {
    const batchSize = options.batchSize ?? IMPORT_BATCH;
    return auditedTransaction(db.knex, async (trx, audit) => {
      const context: WriteContext = { trx, audit, actor: asActor(actor), today: dayInBudapest(new Date()), closing: "historic" };
      const total: WriteSummary = {
        created: 0,
        updated: 0,
        unchanged: 0,
        publishedOnWrite: 0,
        organisations: { created: 0, updated: 0 },
        calls: { created: 0, updated: 0 },
        projectUids: [],
      };
      const earlier = new ImportKeys(trx);
      const fileErrors = new ErrorTally();
      const warnings: string[] = [];
      /** The writer's refusal (an error it threw), kept until the whole file is read. */
      let refused: unknown = null;
      let batch: ProjectInput[] = [];
      let batches = 0;
      let read = 0;

      const write = async (more: boolean) => {
        const inputs = batch;
        batch = [];
        if (inputs.length === 0 || fileErrors.count > 0 || refused !== null) return;
        try {
          const duplicates = await duplicatesIn(inputs, earlier, more);
          if (duplicates.length > 0) throw duplicates;
          // A file written in several calls takes every creation lock before its first (see lockAllKeys).
          if (batches === 0 && more) await lockAllKeys(trx);
          batches++;
          add(total, await writeProjects(context, inputs));
        } catch (error) {
          if (!isRefusal(error)) throw error;
          refused = error;
        }
      };

      let shapeErrors: ValidationError[] = [];
      let writing: Promise<void> = Promise.resolve();
      /** A failure (not a refusal) of a write in flight, thrown as soon as it is seen. */
      let failure = null as { error: unknown } | null;
      try {
        for (;;) {
          const next = await projects.next();
          if (next.done) {
            shapeErrors = fileShapeErrors(next.value);
            break;
          }
          const checked = parseFileProject(next.value.value, next.value.index);
          read++;
          fileErrors.add(checked.errors);
          for (const warning of checked.warnings) warnings.push(warning.message);
          if (checked.input && fileErrors.count === 0) batch.push(checked.input);
          if (batch.length >= batchSize) {
            // One batch is written while the next is read and checked: the database and the parser work at once.
            await writing;
            const done = read;
            writing = write(true).then(() => options.onProgress?.(done), (error: unknown) => {
              failure = { error };
            });
          }
          if (failure) throw failure.error;
        }
      } finally {
        // Never leave the transaction with a write in flight (it settles without throwing).
        await writing;
      }
      if (failure) throw failure.error;
      await write(false);
      options.onProgress?.(read);
      if (shapeErrors.length > 0 || fileErrors.count > 0) throw fileErrors.toError(shapeErrors);
      if (refused !== null) {
        if (Array.isArray(refused)) {
          const tally = new ErrorTally();
          tally.add(refused as ValidationError[]);
          throw tally.toError();
        }
        throw refused;
      }
      const { projectUids: _, ...summary } = total;
      return { ...summary, warnings };
    });
  }

  return {
    importProjects,

    /**
     * Validates a parsed JSON project file and writes it as `actor` (e.g. `import:projects.json`);
     * throws ValidationErrors, writing nothing, if any part is bad.
     */
    importDocument(document: unknown, actor: ActorLike, options?: ImportOptions): Promise<ImportSummary> {
      return importProjects(documentProjects(document), actor, options);
    },
  };
}

export type ImportService = ReturnType<typeof createImportService>;
