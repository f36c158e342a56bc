/**
 * The edit forms show stored values in the words they accept back: a form sent back untouched changes
 * nothing, for the project and every list.
 */
import { expect } from "chai";
import type { Actor } from "../../server/domain/permissions.js";
import { displayValue, fieldsOf, LIST_FORMS, PROJECT_FORM, valueAt, type FieldSpec } from "../../server/presenters/editForms.js";
import { projectDocument } from "../../server/projectFile/document.js";
import { fieldsFromForm } from "../../server/routes/editing/formBody.js";
import { useTestDatabase } from "../helpers/database.js";
import { services } from "../helpers/writes.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

const admin: Actor = { label: "user:admin", userId: null, roles: ["admin"], projectIds: null };

/** What a browser sends for a form showing `document`: every field's shown value, ticked boxes only. */
function sentBack(specs: readonly FieldSpec[], document: Record<string, unknown>): Record<string, string> {
  const body: Record<string, string> = {};
  for (const spec of specs) {
    const shown = displayValue(spec, valueAt(document, spec.name));
    if (spec.kind !== "checkbox" || shown) body[spec.name] = shown;
  }
  return body;
}

describe("edit forms sent back untouched", () => {
  const context = useTestDatabase();
  const svc = () => services(context.db);
  const doc = projectDoc({
    shortTitle: "Rövid",
    summary: "Leírás",
    internalNotes: "Belső",
    publishedFrom: "2021-05-13",
    dates: { decision: "2020-12", start: "2021-05-13", plannedEnd: "2023", actualEnd: null },
    funding: { totalCost: "1 200 000 000 Ft", grant: "2,582 milliárd Ft", ownContribution: 0, grantPaid: "21.500.000,- Ft", euCofinancingRate: 85.5, explanation: "Magyarázat" },
    location: { settlement: "Budapest", county: "Pest", country: "HU" },
    contact: { name: "Kovács Anna", email: "anna@example.hu", phone: "+36 1 234 5678" },
    partners: [{ name: "Partner Bt.", taxNumber: "12345678-1-23", role: "tag", grantShare: "1 000 000 Ft", website: "https://partner.hu" }],
    amendments: [{ effectiveDate: "2022-01-05", reference: "1. módosítás", grant: "2 600 000 000 Ft" }],
    milestones: [{ title: "Félidő", dueDate: "2022-06", achievedDate: "2022-06-30" }],
    deliverables: [{ title: "Tanulmány", kind: "tanulmány", dueDate: "2022", public: false }],
    events: [{ title: "Konferencia", kind: "konferencia", date: "2022-03-01", participants: 120, count: 6, held: 2, international: true }],
    procurements: [{ subject: "Szoftver", contractor: { name: "Fejlesztő Kft.", taxNumber: "87654321-2-42" }, method: "nyílt eljárás", amount: 5_000_000, contractDate: "2021-09-01" }],
    indicators: [{ name: "Képzettek", unit: "fő", baseline: 0, target: 100.25, achieved: 80 }],
    notices: [{ kind: "indító", title: "Elindult", body: "Szöveg", publishedAt: "2021-05-20" }, { kind: "tájékoztató", title: "Félidő", body: "Szöveg", publishedAt: "2022-06-30T10:15:00+02:00" }],
    obligations: [{ kind: "PEJ", title: "1. PEJ", dueDate: "2022-03-31", doneDate: null }],
  });

  before(async () => {
    await svc().importer.importDocument(fileOf(doc), "import:setup.json");
  });

  const stored = () => svc().projects.get(doc.identifier as string);

  it("keeps the project as it was", async () => {
    const project = await stored();
    const specs = fieldsOf(PROJECT_FORM);
    const result = await svc().editing.updateProject(admin, doc.identifier as string, project.version, fieldsFromForm(specs, sentBack(specs, projectDocument(project.record))));
    expect(result.version).to.equal(project.version);
  });

  for (const spec of Object.values(LIST_FORMS)) {
    it(`keeps every ${spec.list} record as it was`, async () => {
      const project = await stored();
      const items = projectDocument(project.record)[spec.list] as Array<Record<string, unknown>>;
      expect(items, spec.list).not.to.be.empty;
      for (const [index, item] of items.entries()) {
        const version = project.record[spec.list][index]!.version!;
        const result = await svc().editing.updateRecord(admin, doc.identifier as string, spec.list, item.uid as string, fieldsFromForm(spec.fields, sentBack(spec.fields, item)), version);
        expect(result.version, `${spec.list}[${index}]`).to.equal(project.version);
      }
    });
  }
});
