/** Spreadsheet imports waiting between their preview and their confirmation, for a day at most. */
import type { Knex } from "knex";

/** How long an upload waits for its confirmation. */
export const STAGED_HOURS = 24;

export interface StagedImport<T> {
  id: string;
  userId: number;
  fileName: string;
  rowCount: number;
  inputs: T[];
  createdAt: string;
}

/** Forgets every upload older than a day: called whenever one is staged or confirmed. */
export async function deleteExpired(db: Knex): Promise<number> {
  return db("spreadsheet_imports").where("expires_at", "<=", db.fn.now()).delete();
}

export async function insertStaged<T>(db: Knex, staged: Omit<StagedImport<T>, "id" | "createdAt">): Promise<string> {
  const [row] = await db("spreadsheet_imports")
    .insert({
      user_id: staged.userId,
      file_name: staged.fileName,
      row_count: staged.rowCount,
      inputs: JSON.stringify(staged.inputs),
      expires_at: db.raw(`now() + interval '${STAGED_HOURS} hours'`),
    })
    .returning("id");
  return row.id as string;
}

/** The user's own staged upload, while it has not expired; locked until the transaction ends. */
export async function takeStaged<T>(db: Knex, id: string, userId: number): Promise<StagedImport<T> | undefined> {
  const row = await db("spreadsheet_imports")
    .where({ id, user_id: userId })
    .where("expires_at", ">", db.fn.now())
    .forUpdate()
    .first();
  if (!row) return undefined;
  return {
    id: row.id,
    userId: row.user_id,
    fileName: row.file_name,
    rowCount: row.row_count,
    inputs: row.inputs as T[],
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export async function deleteStaged(db: Knex, id: string): Promise<void> {
  await db("spreadsheet_imports").where({ id }).delete();
}
