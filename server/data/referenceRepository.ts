/** Programmes and calls: calls are created on first use, as projects refer to them. */
import type { Knex } from "knex";
import type { CallCode } from "../domain/identifiers.js";
import { findProgramme } from "../domain/programmes.js";
import { guarded } from "./dbErrors.js";

export interface CallInput {
  call: CallCode;
  /** Null keeps the title already stored. */
  title: string | null;
}

export interface EnsuredCall {
  id: number;
  uid: string;
  code: string;
  created: boolean;
  /** The title before this write changed it (undefined when it did not). */
  previousTitle?: string | null;
  title: string | null;
  programmeCode: string | null;
}

/** The programme's id; a programme the tables do not know yet (a new `_PLUSZ` one) is added. */
export async function ensureProgramme(db: Knex, code: string): Promise<number> {
  const existing = await db("programmes").where({ code }).first("id");
  if (existing) return existing.id as number;
  const programme = findProgramme(code);
  if (!programme) throw new Error(`Unknown programme ${code}: call codes are validated before they reach here`);
  const [row] = await db("programmes")
    .insert({ code, name: programme.name, period: programme.period })
    .onConflict("code")
    .merge(["code"])
    .returning("id");
  return row.id as number;
}

/** Finds or creates the call (and its programme); updates its title when a new one is given. */
export async function ensureCall(db: Knex, { call, title }: CallInput): Promise<EnsuredCall> {
  return guarded(async () => {
    const existing = await db("calls").where({ code: call.code }).first("id", "uid", "title");
    const base = { code: call.code, programmeCode: call.programmeCode };
    if (existing) {
      if (title === null || title === existing.title) {
        return { ...base, id: existing.id, uid: existing.uid, created: false, title: existing.title };
      }
      await updateVersioned(db, "calls", existing.id, { title });
      return { ...base, id: existing.id, uid: existing.uid, created: false, previousTitle: existing.title, title };
    }
    const programmeId = call.programmeCode ? await ensureProgramme(db, call.programmeCode) : null;
    // Another writer may be creating the same call: the unique code decides, and the loser uses the winner's.
    const row = await insertCall(db, { code: call.code, title, programme_id: programmeId, regular: call.regular });
    if (!row) return ensureCall(db, { call, title });
    return { ...base, ...row, created: true, title };
  });
}

export interface CallRow {
  code: string;
  title: string | null;
  programme_id: number | null;
  regular: boolean;
}

/** Inserts a call; null when one with its code exists (another writer's row wins the unique code). */
export async function insertCall(db: Knex, row: CallRow): Promise<{ id: number; uid: string } | null> {
  const [inserted] = await guarded(() => db("calls").insert(row).onConflict("code").ignore().returning(["id", "uid"]));
  return inserted ? { id: inserted.id as number, uid: inserted.uid as string } : null;
}

export interface ProgrammeRow {
  code: string;
  name: string;
  period: string;
  instrument: string;
}

export async function insertProgramme(db: Knex, row: ProgrammeRow): Promise<{ id: number; uid: string }> {
  const [inserted] = await guarded(() => db("programmes").insert(row).returning(["id", "uid"]));
  return { id: inserted.id as number, uid: inserted.uid as string };
}

/** Changes a programme's or call's columns; each change is a new version of it. */
export async function updateVersioned(db: Knex, table: "calls" | "programmes", id: number, changes: Record<string, unknown>): Promise<void> {
  await guarded(() =>
    db(table)
      .where({ id })
      .update({ ...changes, version: db.raw("version + 1"), updated_at: db.fn.now() }),
  );
}
