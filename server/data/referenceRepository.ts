/** Programmes and calls: created on first use, as projects refer to them. */
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
  created: boolean;
  updated: boolean;
}

async function ensureProgramme(db: Knex, code: string): Promise<number> {
  const programme = findProgramme(code);
  if (!programme) throw new Error(`Unknown programme ${code}: call codes are validated before they reach here`);
  const existing = await db("programmes").where({ code }).first("id");
  if (existing) return existing.id as number;
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
    const existing = await db("calls").where({ code: call.code }).first("id", "title");
    if (existing) {
      if (title === null || title === existing.title) return { id: existing.id, created: false, updated: false };
      await db("calls").where({ id: existing.id }).update({ title, updated_at: db.fn.now() });
      return { id: existing.id, created: false, updated: true };
    }
    const programmeId = call.programmeCode ? await ensureProgramme(db, call.programmeCode) : null;
    const [row] = await db("calls")
      .insert({ code: call.code, title, programme_id: programmeId, regular: call.regular })
      .returning("id");
    return { id: row.id as number, created: true, updated: false };
  });
}
