/** The database itself enforces what must always hold; each refusal is a clear error, not a crash. */
import { expect } from "chai";
import { ConstraintError } from "../../server/errors.js";
import { guarded } from "../../server/data/dbErrors.js";
import { useTestDatabase } from "../helpers/database.js";

describe("schema constraints", () => {
  const context = useTestDatabase();
  let organisationId: number;
  let callId: number;
  let projectId: number;

  const knex = () => context.db.knex;

  async function refusal(write: () => Promise<unknown>): Promise<ConstraintError> {
    try {
      await guarded(write);
    } catch (error) {
      expect(error).to.be.instanceOf(ConstraintError);
      return error as ConstraintError;
    }
    throw new Error("expected the database to refuse the write");
  }

  const project = (overrides: Record<string, unknown> = {}) => ({
    identifier: `KÖFOP-1.0.0-VEKOP-15-2016-${String(Math.floor(Math.random() * 90000) + 10000)}`,
    call_id: callId,
    title: "Próba",
    beneficiary_id: organisationId,
    ...overrides,
  });

  before(async () => {
    [{ id: organisationId }] = await knex()("organisations").insert({ name: "Séma Kft." }).returning("id");
    const { id: programmeId } = await knex()("programmes").where({ code: "KÖFOP" }).first("id");
    [{ id: callId }] = await knex()("calls").insert({ code: "KÖFOP-1.0.0-VEKOP-15", programme_id: programmeId }).returning("id");
    [{ id: projectId }] = await knex()("projects").insert(project()).returning("id");
  });

  const cases: Array<[string, () => Promise<unknown>, RegExp]> = [
    ["a project without a title", () => knex()("projects").insert(project({ title: "  " })), /címe nem lehet üres/],
    ["a project with neither identifier nor call", () => knex()("projects").insert(project({ identifier: null, call_id: null })), /azonosító vagy felhívás-kód/],
    ["an unknown status", () => knex()("projects").insert(project({ status: "done" })), /Ismeretlen projektállapot/],
    ["a negative grant", () => knex()("projects").insert(project({ grant_amount: -1 })), /nem lehet negatív/],
    ["a beneficiary that does not exist", () => knex()("projects").insert(project({ beneficiary_id: 999999 })), /kedvezményezett szervezet nem létezik/],
    ["a month-precision date that is not the first of the month", () => knex()("projects").insert(project({ start_date: "2009-04-15", start_date_precision: "month" })), /pontossága/],
    ["a date without its precision", () => knex()("projects").insert(project({ start_date: "2009-04-15" })), /pontossága/],
    ["a malformed tax number", () => knex()("organisations").insert({ name: "Rossz Adószám Bt.", tax_number: "1234" }), /adószám alakja/],
    ["two leads in one consortium", async () => {
      const [{ id: other }] = await knex()("organisations").insert({ name: "Második Vezető" }).returning("id");
      await knex()("project_partners").insert({ project_id: projectId, organisation_id: organisationId, role: "lead", position: 0 });
      await knex()("project_partners").insert({ project_id: projectId, organisation_id: other, role: "lead", position: 1 });
    }, /csak egy konzorciumvezetője/],
    ["an event series of zero", () => knex()("events").insert({ project_id: projectId, position: 0, title: "Sorozat", occurrences: 0 }), /legalább egy alkalom/],
    ["a published notice without a date", () => knex()("notices").insert({ project_id: projectId, position: 0, kind: "closing", title: "Lezárult", body: "…", status: "published" }), /közzétételi dátuma/],
    ["an unknown notice kind", () => knex()("notices").insert({ project_id: projectId, position: 0, kind: "other", title: "X", body: "Y" }), /megsérti/],
    ["a deliverable without a title", () => knex()("deliverables").insert({ project_id: projectId, position: 0, title: null }), /Kötelező mező hiányzik: deliverables\.title/],
  ];
  for (const [what, write, message] of cases) {
    it(`refuses ${what}`, async () => {
      expect((await refusal(write)).message).to.match(message);
    });
  }

  it("refuses a second project with the same identifier", async () => {
    const identifier = "KÖFOP-1.0.0-VEKOP-15-2016-00041";
    await knex()("projects").insert(project({ identifier }));
    expect((await refusal(() => knex()("projects").insert(project({ identifier })))).message).to.equal(
      "Már létezik projekt ezzel az azonosítóval.",
    );
  });

  it("keeps identifier-less twins apart by their external keys, which are unique per source", async () => {
    // The national list has rows sharing call, applicant and title; only its id_palyazat tells them apart.
    const [{ id: first }] = await knex()("projects").insert(project({ identifier: null, title: "Csak felhívás" })).returning("id");
    const [{ id: second }] = await knex()("projects").insert(project({ identifier: null, title: "Csak felhívás" })).returning("id");
    await knex()("project_external_keys").insert({ project_id: first, source: "palyazat.gov.hu", key: "3672870201" });
    const error = await refusal(() =>
      knex()("project_external_keys").insert({ project_id: second, source: "palyazat.gov.hu", key: "3672870201" }),
    );
    expect(error.message).to.equal("Ez a külső kulcs (forrás és kulcs) már egy másik projekté.");
  });

  it("refuses links that are not http(s)", async () => {
    const [{ id }] = await knex()("projects").insert(project()).returning("id");
    const error = await refusal(() =>
      knex()("deliverables").insert({ project_id: id, position: 0, title: "Tanulmány", links: JSON.stringify([{ title: "x", url: "javascript:alert(1)" }]) }),
    );
    expect(error.constraint).to.equal("deliverables_links_http");
  });

  it("stores amounts beyond 2^31 and returns them as numbers", async () => {
    const [{ id }] = await knex()("projects").insert(project({ grant_amount: 762_593_390_395 })).returning("id");
    const row = await knex()("projects").where({ id }).first("grant_amount");
    expect(row.grant_amount).to.equal(762_593_390_395);
  });

  it("deletes a project's activities with it", async () => {
    const [{ id }] = await knex()("projects").insert(project()).returning("id");
    await knex()("milestones").insert({ project_id: id, position: 0, title: "M1" });
    await knex()("projects").where({ id }).del();
    expect(await knex()("milestones").where({ project_id: id })).to.deep.equal([]);
  });
});
