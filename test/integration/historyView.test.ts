/** A project's history as staff read it: order, filters, paging, Hungarian values, records, who may see it. */
import { expect } from "chai";
import { ForbiddenError, NotFoundError } from "../../server/errors.js";
import type { Actor, Role } from "../../server/domain/permissions.js";
import { historyPage } from "../../server/presenters/historyPresenter.js";
import type { HistoryQuery } from "../../server/services/historyService.js";
import { formatForints } from "../../server/rendering/numbers.js";
import { services } from "../helpers/writes.js";
import { useTestDatabase } from "../helpers/database.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

const ANNA = "anna@example.hu";
const BELA = "bela@example.hu";
const auditor: Actor = { label: "ellenor@example.hu", userId: 1, roles: ["auditor"], projectIds: null };
const staff = (role: Role, projectIds: number[]): Actor => ({ label: `${role}@example.hu`, userId: 2, roles: [role], projectIds: new Set(projectIds) });

describe("the history of a project", () => {
  const context = useTestDatabase();
  const history = () => services(context.db).history;
  let key: string;
  let projectId: number;
  let milestoneUid: string;

  before(async () => {
    const importer = services(context.db).importer;
    const doc = projectDoc({
      dates: { start: "2023-01", plannedEnd: "2024-06" },
      milestones: [{ title: "Indulás", dueDate: "2023-03" }],
    });
    key = doc.identifier as string;
    await importer.importDocument(fileOf(doc), ANNA);
    const amended = {
      ...doc,
      funding: { totalCost: "32 110 000 Ft", grant: "29 110 000 Ft", ownContribution: "3 000 000 Ft" },
      dates: { start: "2023-01", plannedEnd: "2024-09" },
      milestones: [{ title: "Indulás", dueDate: "2023-05" }],
    };
    await importer.importDocument(fileOf(amended), BELA);
    // Only the precision changes: "2023" and "2023-01" are both stored as 2023-01-01.
    const later = { ...amended, dates: { start: "2023", plannedEnd: "2024-09" } };
    await importer.importDocument(fileOf(later), ANNA);
    await importer.importDocument(fileOf({ ...later, milestones: [], deliverables: [{ title: "Kézikönyv", kind: "kézikönyv" }] }), BELA);
    const row = await context.db.knex("projects").where({ identifier: key }).first("id");
    projectId = row.id;
    milestoneUid = (await context.db.knex("audit_log").orderBy("seq").select("changes")).flatMap((r) => r.changes.records ?? [])
      .find((r: { entity: string }) => r.entity === "milestone").uid;
  });

  const page = async (query: HistoryQuery = {}, actor: Actor = auditor) => {
    const result = await history().projectHistory(actor, key, query);
    return historyPage(result, query.before ?? null);
  };
  const lineOf = (lines: Array<{ field: string; before: string | null; after: string | null }>, field: string) => {
    const line = lines.find((l) => l.field === field);
    expect(line, field).to.not.equal(undefined);
    return [line!.before, line!.after];
  };

  it("lists every change newest first, with who and which version", async () => {
    const { entries } = await page();
    expect(entries.map((e) => [e.actor, e.action, e.version])).to.deep.equal([
      [BELA, "Módosítás", 4],
      [ANNA, "Módosítás", 3],
      [BELA, "Módosítás", 2],
      [ANNA, "Létrehozás", 1],
    ]);
    const seqs = entries.map((e) => e.seq);
    expect(seqs).to.deep.equal([...seqs].sort((a, b) => b - a));
    expect(entries[0]!.when).to.match(/^\d{4}\. [a-zé]+ \d{1,2}\. \d{1,2}:\d{2}$/);
  });

  it("shows amounts in forints and dates at the precision each side is known, also when only one of them changed", async () => {
    const [, precisionOnly, amended] = (await page()).entries;
    expect(lineOf(amended!.lines, "grant_amount")).to.deep.equal([formatForints(7_000_000), formatForints(29_110_000)]);
    expect(formatForints(29_110_000)).to.match(/^29\s110\s000\sFt$/);
    expect(lineOf(amended!.lines, "planned_end_date"), "the precision did not change").to.deep.equal(["2024. június", "2024. szeptember"]);
    expect(amended!.lines.map((l) => l.field)).not.to.include("planned_end_date_precision");
    expect(amended!.lines.find((l) => l.field === "grant_amount")!.label).to.equal("támogatás");
    expect(lineOf(precisionOnly!.lines, "start_date"), "only the precision changed").to.deep.equal(["2023. január", "2023"]);

    const milestone = amended!.records[0]!;
    expect(milestone).to.include({ name: "mérföldkő „Indulás”", action: "módosítás" });
    expect(lineOf(milestone.lines, "due_date")).to.deep.equal(["2023. március", "2023. május"]);
    expect(milestone.lines[0]!.label).to.equal("határidő");
  });

  it("shows the creation compactly: the first values, and the records created with it", async () => {
    const creation = (await page()).entries.at(-1)!;
    expect(creation.lines).to.deep.equal([]);
    const initial = Object.fromEntries(creation.initial!.map((i) => [i.label, i.value]));
    expect(initial).to.include({ támogatás: formatForints(7_000_000), "kezdés dátuma": "2023. január", "tervezett befejezés": "2024. június" });
    expect(initial.állapot).to.equal("megvalósítás alatt");
    expect(Object.values(initial)).not.to.include(null);
    expect(creation.records).to.have.length(1);
    expect(creation.records[0]!).to.include({ name: "mérföldkő „Indulás”", action: "új" });
    expect(creation.records[0]!.initial, "its place in the list is not worth a line").to.deep.equal([
      { label: "cím", value: "Indulás" },
      { label: "határidő", value: "2023. március" },
    ]);
  });

  it("filters by field, showing only that field's lines, and by record kind", async () => {
    const grant = await page({ field: "grant_amount" });
    expect(grant.entries.map((e) => e.version)).to.deep.equal([2, 1]);
    expect(grant.entries[0]!.lines.map((l) => l.field)).to.deep.equal(["grant_amount"]);
    expect(grant.entries[0]!.records).to.deep.equal([]);
    expect(grant.filters.fields.find((f) => f.selected)).to.include({ value: "grant_amount", label: "támogatás" });

    const precision = await page({ field: "start_date" });
    expect(precision.entries.map((e) => e.version), "a change of the precision alone is a change of the date").to.deep.equal([3, 1]);

    const milestones = await page({ field: "milestone" });
    expect(milestones.entries.map((e) => e.version)).to.deep.equal([4, 2, 1]);
    expect(milestones.entries[0]!.lines).to.deep.equal([]);
    expect(milestones.entries[0]!.records.map((r) => [r.name, r.action])).to.deep.equal([["mérföldkő „Indulás”", "törlés"]]);
  });

  it("filters by person", async () => {
    const { entries, filters } = await page({ actor: ANNA });
    expect(entries.map((e) => [e.actor, e.version])).to.deep.equal([[ANNA, 3], [ANNA, 1]]);
    expect(filters.actors).to.deep.equal([
      { value: ANNA, selected: true },
      { value: BELA, selected: false },
    ]);
  });

  it("shows one record's history, named by its kind and title even after it was deleted", async () => {
    const view = await page({ record: milestoneUid });
    expect(view.record).to.deep.equal({ name: "mérföldkő „Indulás”", uid: milestoneUid });
    expect(view.entries.map((e) => [e.version, e.records.map((r) => r.action)])).to.deep.equal([
      [4, ["törlés"]],
      [2, ["módosítás"]],
      [1, ["új"]],
    ]);
    for (const entry of view.entries) {
      expect(entry.lines, "the project's own fields are not the record's").to.deep.equal([]);
      if (entry.initial) expect(entry.initial).to.deep.equal([]);
    }
    expect(view.entries[0]!.records[0]!.href).to.equal(`/kezelo/projektek/${encodeURIComponent(key)}/valtozasok?rekord=${milestoneUid}`);

    const dueDates = await page({ record: milestoneUid, field: "due_date" });
    expect(dueDates.entries.map((e) => e.version), "set at creation, changed, gone with the record").to.deep.equal([4, 2, 1]);
    expect(dueDates.filters.fields.map((f) => f.value), "a record's page offers the fields of records").to.include("due_date");
  });

  it("pages newest first by position in the chain, each page continuing where the last one stopped", async () => {
    const all = (await history().projectHistory(auditor, key, {})).entries.map((e) => e.seq);
    const seen: number[] = [];
    let before: number | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const result = await history().projectHistory(auditor, key, { limit: 1, ...(before ? { before } : {}) });
      seen.push(...result.entries.map((e) => e.seq));
      if (result.next === null) break;
      before = result.next;
    }
    expect(seen).to.deep.equal(all);

    const first = await history().projectHistory(auditor, key, { limit: 3 });
    expect(first.next).to.equal(all[2]);
    const second = await history().projectHistory(auditor, key, { limit: 3, before: first.next! });
    expect(second.entries.map((e) => e.seq)).to.deep.equal([all[3]]);
    expect(second.next).to.equal(null);

    const view = historyPage(first, null);
    expect(view.pager?.next).to.equal(`/kezelo/projektek/${encodeURIComponent(key)}/valtozasok?elott=${all[2]}`);
    expect(historyPage(second, first.next).pager).to.deep.equal({ next: null, newest: `/kezelo/projektek/${encodeURIComponent(key)}/valtozasok` });
  });

  it("keeps the filter on the next page's link", async () => {
    const result = await history().projectHistory(auditor, key, { actor: BELA, field: "milestone", limit: 1 });
    const next = new URL(historyPage(result, null).pager!.next!, "http://x");
    expect(Object.fromEntries(next.searchParams)).to.deep.equal({ mezo: "milestone", szemely: BELA, elott: String(result.next) });
  });

  it("is shown to auditors and to the project's own staff, and refused to others", async () => {
    expect((await page({}, staff("project_manager", [projectId]))).entries).to.have.length(4);
    expect((await page({}, staff("communication", [projectId]))).entries).to.have.length(4);
    for (const outsider of [staff("project_manager", [projectId + 1000]), staff("communication", [])]) {
      const error = await history().projectHistory(outsider, key, {}).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, outsider.roles.join()).to.be.instanceOf(ForbiddenError);
    }
    const missing = await history().projectHistory(auditor, "GINOP_PLUSZ-9.9.9-99-2099-99999", {}).then(
      () => null,
      (e: unknown) => e,
    );
    expect(missing).to.be.instanceOf(NotFoundError);
  });
});
