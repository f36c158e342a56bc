/** Programmes and calls: calls are created on first use, as projects refer to them. */
import type { Knex } from "knex";
import type { CallCode } from "../domain/identifiers.js";
import { findProgramme, type DescribedProgramme } from "../domain/programmes.js";
import { guarded } from "./dbErrors.js";

export interface CallInput {
  call: CallCode;
  /** Null keeps the title already stored. */
  title: string | null;
  /** How the source describes the call's programme, for one the tables do not know yet. */
  programme?: DescribedProgramme;
}

export interface EnsuredCall {
  id: number;
  uid: string;
  code: string;
  /** Whether the call's code has the regular shape, as the calls table says. */
  regular: boolean;
  created: boolean;
  /** The title before this write changed it (undefined when it did not). */
  previousTitle?: string | null;
  title: string | null;
  programmeCode: string | null;
  /** The call's programme, when creating the call created it too. */
  programmeCreated: EnsuredProgramme["created"];
}

export interface EnsuredProgramme {
  id: number;
  /** The programme as this write created it; null when it was stored already. */
  created: (ProgrammeRow & { uid: string; confirmed: boolean }) | null;
}

/**
 * The programme of a code; a programme the tables do not know yet is added: a new `_PLUSZ` one as its code
 * says, or one a published list describes as the list describes it, unconfirmed until an admin confirms it.
 */
export async function ensureProgramme(db: Knex, code: string, described?: DescribedProgramme): Promise<EnsuredProgramme> {
  const existing = await db("programmes").where({ code }).first("id");
  if (existing) return { id: existing.id as number, created: null };
  const known = findProgramme(code);
  const programme = described ?? known;
  if (!programme) throw new Error(`Unknown programme ${code}: call codes are validated before they reach here`);
  const confirmed = described === undefined;
  const [row] = await db("programmes")
    .insert({ code, name: programme.name, period: programme.period, confirmed, ...(described ? { instrument: described.instrument } : {}) })
    .onConflict("code")
    .ignore()
    .returning(["id", "uid", "instrument"]);
  // Another writer created it meanwhile: theirs is the one, and theirs to record.
  if (!row) return ensureProgramme(db, code, described);
  return {
    id: row.id as number,
    created: { uid: row.uid, code, name: programme.name, period: programme.period, instrument: row.instrument, confirmed },
  };
}

/** Finds or creates the call (and its programme); updates its title when a new one is given. */
export async function ensureCall(db: Knex, { call, title, programme: described }: CallInput): Promise<EnsuredCall> {
  return guarded(async () => {
    const existing = await db("calls").where({ code: call.code }).first("id", "uid", "title", "regular");
    const base = { code: call.code, programmeCode: call.programmeCode, programmeCreated: null };
    if (existing) {
      if (title === null || title === existing.title) {
        return { ...base, id: existing.id, uid: existing.uid, regular: existing.regular, created: false, title: existing.title };
      }
      await updateVersioned(db, "calls", existing.id, { title });
      return { ...base, id: existing.id, uid: existing.uid, regular: existing.regular, created: false, previousTitle: existing.title, title };
    }
    const programme = call.programmeCode ? await ensureProgramme(db, call.programmeCode, described) : null;
    // Another writer may be creating the same call: the unique code decides, and the loser uses the winner's.
    const row = await insertCall(db, { code: call.code, title, programme_id: programme?.id ?? null, regular: call.regular });
    if (!row) return ensureCall(db, { call, title, programme: described });
    return { ...base, ...row, regular: call.regular, created: true, title, programmeCreated: programme?.created ?? null };
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
