/**
 * Organisations, programmes and calls as the edit service handles them: how
 * each form is read, what the audit trail records of each (the same fields
 * the write path records when it creates or changes one), the rules checked
 * against the database, and how each is stored.
 */
import { randomUUID } from "node:crypto";
import type { Knex } from "knex";
import { ValidationError, ValidationErrors } from "../errors.js";
import type { Actor } from "../domain/permissions.js";
import type { Organisation } from "../domain/project.js";
import type { AuditBuffer } from "../data/auditRepository.js";
import { constraintMessage } from "../data/dbErrors.js";
import { storeFindingCounts } from "../data/findingCounts.js";
import { insertOrganisations, organisationRow, updateOrganisation } from "../data/organisationsRepository.js";
import {
  callById,
  callsOfProgramme,
  identifiersOutsideCode,
  isInstrument,
  isPeriod,
  organisationById,
  programmeById,
  programmeIdByCode,
  type Identity,
  type StoredCall,
  type StoredOrganisationRecord,
  type StoredProgramme,
} from "../data/referenceReads.js";
import { ensureProgramme, insertCall, insertProgramme, updateVersioned, type CallRow, type ProgrammeRow } from "../data/referenceRepository.js";
import { programmeCreation } from "./writeReferences.js";
import { readCallForm, readOrganisationForm, readProgrammeForm, type CallInput, type ProgrammeInput, type Versioned } from "./referenceInput.js";

export type ReferenceEntity = "organisation" | "programme" | "call";

export interface ReferenceKind<Stored extends Identity, Values, Row> {
  entity: ReferenceEntity;
  /** The record in a sentence: "a szervezetet". */
  accusative: string;
  read(form: unknown): Versioned<Values>;
  load(db: Knex, id: number, forUpdate?: boolean): Promise<Stored | undefined>;
  /** The fields as the audit trail records them, stored or as given. */
  storedFields(stored: Stored): Record<string, unknown>;
  givenFields(values: Values): Record<string, unknown>;
  /**
   * The row to store, once the rules that need the database hold; throws ValidationErrors naming the field.
   * What it creates on the way (a call's new programme) it records under the actor.
   */
  row(db: Knex, values: Values, stored: Stored | undefined, scope: { audit: AuditBuffer; actor: Actor }): Promise<Row>;
  insert(db: Knex, row: Row): Promise<{ id: number; uid: string }>;
  update(db: Knex, id: number, row: Row): Promise<void>;
}

/** Which form field a unique constraint is about. */
export const UNIQUE_FIELDS: Record<string, string> = {
  organisations_tax_number_unique: "taxNumber",
  organisations_name_unique_without_tax_number: "name",
  programmes_code_unique: "code",
  calls_code_unique: "code",
};

export const duplicate = (constraint: string) =>
  new ValidationErrors([new ValidationError(constraintMessage(constraint), UNIQUE_FIELDS[constraint])]);

const refuse = (message: string, field: string) => new ValidationErrors([new ValidationError(message, field)]);

export const organisationKind: ReferenceKind<StoredOrganisationRecord, Organisation, Organisation> = {
  entity: "organisation",
  accusative: "a szervezetet",
  read: readOrganisationForm,
  load: organisationById,
  storedFields: organisationRow,
  givenFields: organisationRow,
  row: async (_db, values) => values,
  async insert(db, organisation) {
    const uid = randomUUID();
    const id = (await insertOrganisations(db, [{ ...organisation, uid }])).get(uid);
    // Only a unique key can keep the row out: the tax number, or for an organisation without one its name.
    if (id === undefined) {
      throw duplicate(organisation.taxNumber ? "organisations_tax_number_unique" : "organisations_name_unique_without_tax_number");
    }
    return { id, uid };
  },
  update: updateOrganisation,
};

const programmeFields = (p: ProgrammeInput) => ({ code: p.code, name: p.name, period: p.period, instrument: p.instrument });

export const programmeKind: ReferenceKind<StoredProgramme, ProgrammeInput, ProgrammeRow> = {
  entity: "programme",
  accusative: "az operatív programot",
  read: readProgrammeForm,
  load: programmeById,
  storedFields: programmeFields,
  givenFields: programmeFields,
  async row(db, values, stored) {
    const errors: ValidationError[] = [];
    if (!(await isPeriod(db, values.period))) errors.push(new ValidationError(`ismeretlen programozási időszak: "${values.period}"`, "period"));
    if (!(await isInstrument(db, values.instrument))) errors.push(new ValidationError(`ismeretlen eszköz: "${values.instrument}"`, "instrument"));
    if (stored && stored.code !== values.code) {
      // Call codes begin with their programme's code: renaming it would make them contradict it.
      const calls = await callsOfProgramme(db, stored.id);
      if (calls.length > 0) {
        errors.push(
          new ValidationError(`a kód nem változtatható, amíg felhívások tartoznak a programhoz (${calls.length} felhívás, pl. ${calls[0]!.code})`, "code"),
        );
      }
    }
    if (errors.length > 0) throw new ValidationErrors(errors);
    return programmeFields(values);
  },
  insert: insertProgramme,
  update: (db, id, row) => updateVersioned(db, "programmes", id, { ...row }),
};

/** The programme a call belongs to: the one its code names, or for an irregular code the one chosen. */
function callProgramme({ call, programme }: CallInput): string | null {
  return call.regular ? call.programmeCode : programme;
}

export const callKind: ReferenceKind<StoredCall, CallInput, CallRow> = {
  entity: "call",
  accusative: "a felhívást",
  read: readCallForm,
  load: callById,
  storedFields: (c) => ({ code: c.code, title: c.title, programme: c.programme?.code ?? null }),
  givenFields: (c) => ({ code: c.call.code, title: c.title, programme: callProgramme(c) }),
  async row(db, values, stored, { audit, actor }) {
    const { call, programme } = values;
    if (call.regular && programme !== null && programme !== call.programmeCode) {
      throw refuse(`a(z) ${call.code} kódú felhívás a(z) ${call.programmeCode} programhoz tartozik, nem a(z) ${programme} programhoz`, "programme");
    }
    if (stored && stored.code !== call.code) {
      const contradicting = await identifiersOutsideCode(db, stored.id, call.code);
      if (contradicting.length > 0) {
        throw refuse(`a felhívás projektjeinek azonosítója a felhívás kódjával kezdődik, de ${contradicting.join(", ")} nem ${call.code} kezdetű`, "code");
      }
    }
    let programmeId: number | null = null;
    if (call.regular) {
      const ensured = await ensureProgramme(db, call.programmeCode!);
      if (ensured.created) await audit.add(programmeCreation(actor.label, ensured.created));
      programmeId = ensured.id;
    } else if (programme !== null) {
      programmeId = (await programmeIdByCode(db, programme)) ?? null;
      if (programmeId === null) throw refuse(`ismeretlen operatív program: "${programme}"`, "programme");
    }
    return { code: call.code, title: values.title, programme_id: programmeId, regular: call.regular };
  },
  async insert(db, row) {
    const inserted = await insertCall(db, row);
    if (!inserted) throw duplicate("calls_code_unique");
    return inserted;
  },
  async update(db, id, row) {
    await updateVersioned(db, "calls", id, { ...row });
    // Whether a call's code is regular is one of its projects' findings: their stored counts follow it.
    await storeFindingCounts(db, await db("projects").where({ call_id: id }).pluck("id"));
  },
};
