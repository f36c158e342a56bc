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
async function ensureProgramme(db: Knex, code: string): Promise<number> {
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
      await db("calls")
        .where({ id: existing.id })
        .update({ title, version: db.raw("version + 1"), updated_at: db.fn.now() });
      return { ...base, id: existing.id, uid: existing.uid, created: false, previousTitle: existing.title, title };
    }
    const programmeId = call.programmeCode ? await ensureProgramme(db, call.programmeCode) : null;
    // Another writer may be creating the same call: the unique code decides, and the loser uses the winner's.
    const [row] = await db("calls")
      .insert({ code: call.code, title, programme_id: programmeId, regular: call.regular })
      .onConflict("code")
      .ignore()
      .returning(["id", "uid"]);
    if (!row) return ensureCall(db, { call, title });
    return { ...base, id: row.id as number, uid: row.uid as string, created: true, title };
  });
}
