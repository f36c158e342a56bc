/**
 * Field by field, as each editing role: every field of the project form and every kind of record is either
 * written or refused with 403 naming it, exactly as the permission table (rolesAllowedToChange) says.
 */
import { expect } from "chai";
import { ForbiddenError } from "../../server/errors.js";
import { rolesAllowedToChange, type Actor, type Role } from "../../server/domain/permissions.js";
import { fieldsOf, LIST_FORMS, PROJECT_FORM, type FieldSpec } from "../../server/presenters/editForms.js";
import type { EditableList } from "../../server/services/projectEditService.js";
import { useTestDatabase } from "../helpers/database.js";
import { services } from "../helpers/writes.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

const NEW_VALUE: Record<string, unknown> = {
  text: "Új érték",
  textarea: "Új szöveg.",
  date: "2030-01-01",
  amount: "1 234 Ft",
  number: 50,
  email: "uj@example.hu",
  select: "completed",
};
const SPECIAL: Record<string, unknown> = { "location.country": "AT" };

const RECORDS: Record<EditableList, Record<string, unknown>> = {
  partners: { name: "Partner Kft.", role: "tag" },
  amendments: { effectiveDate: "2024-01-01", reference: "1. sz. módosítás", grant: "1 Ft" },
  milestones: { title: "Mérföldkő" },
  deliverables: { title: "Tanulmány", kind: "tanulmány" },
  events: { title: "Konferencia", kind: "konferencia" },
  procurements: { subject: "Tanácsadás", method: "nyílt eljárás" },
  indicators: { name: "Képzett munkatársak", unit: "fő" },
  notices: { kind: "tájékoztató", title: "Hír", body: "Hír szövege.", publishedAt: null },
  obligations: { kind: "kifizetési kérelem", dueDate: "2030-01-01" },
};

/** Sets `name` (dotted) in a changes object. */
function change(name: string, value: unknown): Record<string, unknown> {
  const [head, tail] = name.split(".");
  return tail === undefined ? { [head!]: value } : { [head!]: { [tail]: value } };
}

describe("field by field, as each editing role", function () {
  this.timeout(300_000);
  const context = useTestDatabase();
  const editing = () => services(context.db).editing;

  async function freshProject(): Promise<{ key: string; id: number }> {
    const doc = projectDoc({ status: "in_progress" });
    await services(context.db).importer.importDocument(fileOf(doc), "import:setup.json");
    const id = (await context.db.knex("projects").where({ identifier: doc.identifier }).first("id")).id as number;
    return { key: doc.identifier as string, id };
  }

  const actorOf = (role: Role, projectId: number): Actor => ({
    label: `user:${role}`,
    userId: null,
    roles: [role],
    projectIds: role === "project_manager" ? new Set([projectId]) : null,
  });

  async function outcome(write: Promise<unknown>): Promise<string | null> {
    try {
      await write;
      return null;
    } catch (error) {
      if (error instanceof ForbiddenError) return error.field ?? "(no field)";
      throw error;
    }
  }

  for (const role of ["project_manager", "communication"] as const) {
    it(`project fields as ${role}`, async () => {
      const wrong: string[] = [];
      for (const spec of fieldsOf(PROJECT_FORM).filter((f): f is FieldSpec & { column: string } => f.column !== undefined)) {
        const { key, id } = await freshProject();
        const value = SPECIAL[spec.name] ?? NEW_VALUE[spec.kind];
        const refused = await outcome(editing().updateProject(actorOf(role, id), key, 1, change(spec.name, value)));
        const allowed = rolesAllowedToChange(spec.column).includes(role);
        if (allowed && refused !== null) wrong.push(`${spec.name}: refused (${refused}) but allowed`);
        if (!allowed && refused === null) wrong.push(`${spec.name}: written but not allowed`);
        if (!allowed && refused !== null && refused !== spec.column) wrong.push(`${spec.name}: refused naming ${refused}, not ${spec.column}`);
      }
      expect(wrong).to.deep.equal([]);
    });

    it(`records as ${role}`, async () => {
      const wrong: string[] = [];
      for (const list of Object.keys(RECORDS) as EditableList[]) {
        const { key, id } = await freshProject();
        const refused = await outcome(editing().addRecord(actorOf(role, id), key, list, RECORDS[list]));
        const entity = LIST_FORMS[list].entity;
        const allowed = rolesAllowedToChange(entity).includes(role);
        if (allowed && refused !== null) wrong.push(`${list}: refused (${refused}) but allowed`);
        if (!allowed && refused === null) wrong.push(`${list}: written but not allowed`);
        // An amendment changes the figures in force on the project too: either may be named.
        if (!allowed && refused !== null && refused !== entity && !(list === "amendments" && refused === "grant_amount")) {
          wrong.push(`${list}: refused naming ${refused}, not ${entity}`);
        }
      }
      expect(wrong).to.deep.equal([]);
    });
  }
});
