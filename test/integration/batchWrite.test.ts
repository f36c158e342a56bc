/**
 * The write path in batches: one call with many projects must leave the database and the audit trail exactly as
 * writing the same projects one at a time does.
 */
import { expect } from "chai";
import type { Database } from "../../server/data/database.js";
import { AuditBuffer } from "../../server/data/auditRepository.js";
import { dayInBudapest } from "../../server/domain/dates.js";
import { systemActor } from "../../server/domain/permissions.js";
import { parseProjectFile } from "../../server/projectFile/parse.js";
import { writeProjects, type ProjectInput } from "../../server/services/projectWriter.js";
import { openTestDatabase } from "../helpers/database.js";
import { services } from "../helpers/writes.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Differ between any two runs (moments, and the hashes that cover them): left out of the comparison. */
const MOMENTS = new Set(["created_at", "updated_at", "recorded_at", "hash", "prev_hash"]);

/** Writes in one transaction; `spillAt` 1 sends every audit entry through the temporary table, as a large import does. */
async function write(db: Database, inputs: ProjectInput[], spillAt?: number): Promise<void> {
  await db.knex.transaction(async (trx) => {
    const audit = new AuditBuffer(trx, spillAt);
    await writeProjects({ trx, audit, actor: systemActor("import:batch.json"), today: dayInBudapest(new Date()), closing: "historic" }, inputs);
    await audit.append();
  });
}

/**
 * Every table as rows in a fixed order, each generated uid replaced by the order it first appears in (the uids
 * of new records are random), so two databases written the same way compare equal.
 */
async function contents(db: Database): Promise<Record<string, unknown[]>> {
  const tables = (
    await db.knex("information_schema.tables").where({ table_schema: "public", table_type: "BASE TABLE" }).orderBy("table_name").pluck("table_name")
  ).filter((t: string) => !t.startsWith("knex_") && t !== "audit_head" && t !== "sessions");
  const tokens = new Map<string, string>();
  const token = (value: string) => {
    if (!tokens.has(value)) tokens.set(value, `uid#${tokens.size + 1}`);
    return tokens.get(value)!;
  };
  const normalise = (value: unknown): unknown => {
    if (typeof value === "string") return UUID.test(value) ? token(value) : value;
    if (Array.isArray(value)) return value.map(normalise);
    if (value instanceof Date) return value.toISOString();
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v)]));
    return value;
  };
  const result: Record<string, unknown[]> = {};
  // Projects first and the audit log last, so that uids get their tokens in one stable order.
  for (const table of ["projects", ...tables.filter((t: string) => t !== "projects" && t !== "audit_log"), "audit_log"]) {
    const columns: string[] = await db.knex("information_schema.columns").where({ table_schema: "public", table_name: table }).orderBy("ordinal_position").pluck("column_name");
    const order = columns.includes("seq") ? ["seq"] : columns.includes("id") ? ["id"] : columns.filter((c) => !MOMENTS.has(c));
    const rows = await db.knex(table).orderBy(order).select(columns.filter((c) => !MOMENTS.has(c)).map((c) => (c === "search_vector" ? db.knex.raw("search_vector::text as search_vector") : c)));
    result[table] = rows.map(normalise);
  }
  return result;
}

describe("writing projects in batches", function () {
  this.timeout(180_000);
  let batched: Database;
  let oneByOne: Database;
  let spilled: Database;

  before(async () => {
    batched = await openTestDatabase();
    oneByOne = await openTestDatabase();
    spilled = await openTestDatabase();
  });

  after(async () => {
    await batched?.close();
    await oneByOne?.close();
    await spilled?.close();
  });

  it("leaves the same database and the same audit entries as writing the projects one at a time", async () => {
    const stored = [
      projectDoc({ milestones: [{ title: "Átadás", dueDate: "2024-05" }], partners: [{ name: "Partner Egyesület", role: "tag", grantShare: "1 000 000 Ft" }] }),
      projectDoc({ deliverables: [{ title: "Tanulmány", kind: "tanulmány", dueDate: "2023" }] }),
      projectDoc({ title: "Változatlan projekt" }),
      projectDoc({ identifier: null, call: { code: "TOP_PLUSZ-1.2.1-21-PT1", title: "Élhető települések" }, title: "Azonosító nélküli" }),
    ];
    const seed = parseProjectFile(fileOf(...stored)).inputs;
    for (const db of [batched, oneByOne, spilled]) for (const input of seed) await write(db, [input]);

    const changes = [
      // Updates: a title and a milestone changed, a partner removed, a status change, a deliverable added.
      { ...stored[0]!, title: "Új cím", milestones: [{ title: "Átadás", dueDate: "2024-06" }], partners: [] },
      projectDoc({ beneficiary: { name: "Új Kedvezményezett Kft." }, notices: [{ kind: "indító", title: "Elindult", body: "Szöveg.", publishedAt: "2024-01-15" }] }),
      { ...stored[1]!, status: "completed", deliverables: [{ title: "Tanulmány", kind: "tanulmány", dueDate: "2023" }, { title: "Beszámoló", kind: "beszámoló", dueDate: "2024" }] },
      stored[2]!,
      { ...stored[3]!, summary: "Most már van leírása." },
      // New ones, sharing a new beneficiary and a title that makes the same slug base as another's.
      projectDoc({ beneficiary: { name: "Új Kedvezményezett Kft." }, milestones: [{ title: "Indulás", dueDate: "2025" }], events: [{ title: "Fórum", kind: "fórum", count: 2, held: 1 }] }),
      projectDoc({ identifier: null, call: { code: "TOP_PLUSZ-1.2.1-21-PT1", title: "Élhető települések" }, title: "Azonosító nélküli!", beneficiary: { name: "Másik Bt." } }),
      projectDoc({ identifier: null, call: { code: "TOP_PLUSZ-1.2.1-21-PT1", title: "Élhető települések" }, title: "Azonosító nélküli?", beneficiary: { name: "Másik Bt." } }),
    ];
    const inputs = parseProjectFile(fileOf(...changes)).inputs;
    await write(batched, inputs);
    await write(spilled, inputs, 1);
    for (const input of inputs) await write(oneByOne, [input]);

    const [a, b] = [await contents(batched), await contents(oneByOne)];
    // One entry per project change-set; the unchanged project gets none.
    expect((a.audit_log as Array<{ entity: string }>).filter((e) => e.entity === "project")).to.have.length(seed.length + inputs.length - 1);
    expect(a.projects).to.have.length(8);
    for (const table of Object.keys(b).filter((t) => t !== "audit_log")) expect(a[table], table).to.deep.equal(b[table]);
    // The same entries. A batch records the organisations it creates before its projects (one at a time, each
    // project's come just before it), so the chain holds the project entries in the same order, the others apart.
    const entries = (rows: unknown[]) => (rows as Array<Record<string, unknown>>).map(({ id: _, seq: __, ...entry }) => entry);
    const projectEntries = (rows: unknown[]) => entries(rows).filter((e) => e.entity === "project");
    const otherEntries = (rows: unknown[]) => entries(rows).filter((e) => e.entity !== "project").map((e) => JSON.stringify(e)).sort();
    expect(projectEntries(a.audit_log!)).to.deep.equal(projectEntries(b.audit_log!));
    expect(otherEntries(a.audit_log!)).to.deep.equal(otherEntries(b.audit_log!));

    // Entries that went through the temporary table are the same entries, in the same order.
    expect(entries((await contents(spilled)).audit_log!)).to.deep.equal(entries(a.audit_log!));
    for (const db of [batched, oneByOne, spilled]) expect((await services(db).audit.verify()).firstBreak).to.equal(null);
  });
});
