import { expect } from "chai";
import { ValidationErrors } from "../../server/errors.js";
import { parseProjectFile } from "../../server/projectFile/parse.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

const parsedInputs = (document: unknown) => parseProjectFile(document).inputs;

function errorsOf(document: unknown): string[] {
  try {
    parseProjectFile(document);
  } catch (error) {
    if (error instanceof ValidationErrors) return error.errors.map((e) => e.message);
    throw error;
  }
  throw new Error("expected the document to be rejected");
}

describe("the project file", () => {
  it("reads loose spellings into one canonical record", () => {
    const [parsed] = parsedInputs(
      fileOf({
        identifier: "ginop plusz-1.2.2-22-2022-02140.",
        title: "  Üvegemelő beszerzése ",
        beneficiary: { name: "ABA WOOD Kft.", taxNumber: "12345678 1 23" },
        funding: { grant: "9 999 899 Ft", totalCost: "14 285 570 Ft", ownContribution: 4285671 },
        dates: { start: "2022. június 1.", plannedEnd: "2023", actualEnd: null },
      }),
    );
    expect(parsed!.record.identifier).to.equal("GINOP_PLUSZ-1.2.2-22-2022-02140");
    expect(parsed!.record.call).to.deep.equal({ code: "GINOP_PLUSZ-1.2.2-22", title: null });
    expect(parsed!.record.title).to.equal("Üvegemelő beszerzése");
    expect(parsed!.record.beneficiary.taxNumber).to.equal("12345678-1-23");
    expect(parsed!.record.funding).to.include({ totalCost: 14_285_570, grant: 9_999_899, ownContribution: 4_285_671 });
    expect(parsed!.record.dates.start).to.deep.equal({ precision: "day", year: 2022, month: 6, day: 1 });
    expect(parsed!.record.dates.plannedEnd).to.deep.equal({ precision: "year", year: 2023, month: null, day: null });
    expect(parsed!.record.status).to.equal("planned");
  });

  it("names the place of a bad amount, as the README promises", () => {
    const bad = fileOf(projectDoc(), projectDoc(), projectDoc({ funding: { grant: "29,11 miló Ft" } }));
    expect(errorsOf(bad)).to.deep.equal([
      'projects[2].funding.grant: "29,11 miló Ft" nem értelmezhető összeg (várt alak pl.: 29 110 000 Ft, 29,11 millió Ft, 2,582 milliárd Ft)',
    ]);
  });

  it("reports every problem at once, each with its path", () => {
    const errors = errorsOf(
      fileOf(
        projectDoc({ identifier: "nem-azonosító", dates: { start: "2021-02-30" } }),
        projectDoc({ title: "", beneficiary: {} }),
        projectDoc({ status: "kész", events: [{ title: "Konferencia", count: 0 }], colour: "kék" }),
      ),
    );
    const paths = errors.map((e) => e.split(":")[0]);
    expect(paths).to.have.members([
      "projects[0].identifier",
      "projects[0].dates.start",
      "projects[1].title",
      "projects[1].beneficiary.name",
      "projects[2].status",
      "projects[2].events[0].count",
      "projects[2]",
    ]);
    expect(errors.find((e) => e.startsWith("projects[2]:"))).to.contain("colour");
  });

  it("requires an identifier or a call code", () => {
    expect(errorsOf(fileOf(projectDoc({ identifier: null })))).to.deep.equal([
      "projects[0]: azonosító (identifier) vagy felhívás-kód (call.code) kell",
    ]);
  });

  it("accepts a call code alone, keeping an irregular one as written", () => {
    const [parsed] = parsedInputs(fileOf(projectDoc({ identifier: null, call: { code: "AAVSZ_Díjazása-GINOP-1.1.1-24" } })));
    expect(parsed!.record.identifier).to.equal(null);
    expect(parsed!.call).to.include({ code: "AAVSZ_Díjazása-GINOP-1.1.1-24", regular: false });
  });

  it("rejects an identifier that does not belong to the given call", () => {
    expect(errorsOf(fileOf(projectDoc({ identifier: "EFOP-1.5.3-16-2017-00112", call: { code: "EFOP-1.5.2-16" } }))))
      .to.have.length(1)
      .and.to.match(/^projects\[0\]\.call\.code: .*EFOP-1\.5\.3-16 felhíváshoz tartozik/);
  });

  it("checks the consortium: one lead, and the lead is the beneficiary", () => {
    const errors = errorsOf(
      fileOf(
        projectDoc({
          beneficiary: { name: "A Önkormányzat" },
          partners: [
            { name: "B Önkormányzat", role: "lead" },
            { name: "A Önkormányzat", role: "lead" },
          ],
        }),
      ),
    );
    expect(errors).to.include("projects[0].partners[1].role: egy projektnek csak egy konzorciumvezetője (lead) lehet");
    expect(errors).to.include("projects[0].partners[0]: a konzorciumvezető a kedvezményezett kell legyen");
  });

  it("rejects a document that is not a project file", () => {
    expect(errorsOf({ project: [] })[0]).to.match(/^projects: /);
    expect(errorsOf([])).to.have.length(1);
  });

  it("calls a lone text, even one it could not store, not a project file (found by the fuzz run)", () => {
    for (const document of ["\uDBF3 csonka", ["\uD800"], "NUL\u0000"]) {
      expect(errorsOf(document)).to.deep.equal(['a projektfájl egy JSON-objektum: { "projects": [ … ] }']);
    }
    expect(errorsOf({ projects: [], "megjegyzés": "\uD800" })).to.deep.equal(["megjegyzés: érvénytelen karaktert tartalmaz (NUL vagy csonka UTF-16 karakter)"]);
  });

  it("refuses decimals the database would round, and text it could not store", () => {
    expect(errorsOf(fileOf(projectDoc({ funding: { euCofinancingRate: 84.99999 }, indicators: [{ name: "Arány", unit: "%", target: 33.333333 }] })))).to.deep.equal([
      "projects[0].funding.euCofinancingRate: legfeljebb 4 tizedesjegy adható meg",
      "projects[0].indicators[0].target: legfeljebb 4 tizedesjegy adható meg",
    ]);
    expect(parsedInputs(fileOf(projectDoc({ funding: { euCofinancingRate: 85.5 } })))[0]!.record.funding.euCofinancingRate).to.equal(85.5);
    expect(errorsOf(fileOf(projectDoc({ title: "Cím\u0000", summary: "\uD800 csonka" })))).to.deep.equal([
      "projects[0].title: érvénytelen karaktert tartalmaz (NUL vagy csonka UTF-16 karakter)",
      "projects[0].summary: érvénytelen karaktert tartalmaz (NUL vagy csonka UTF-16 karakter)",
    ]);
  });

  it("says a required field is missing, and which field a misspelt one probably meant", () => {
    const { title: _, ...withoutTitle } = projectDoc();
    expect(errorsOf(fileOf({ ...withoutTitle, tittle: "Cím", notices: [{ kind: "záró", title: "Lezárult" }] }))).to.have.members([
      'projects[0]: ismeretlen mező: "tittle" (talán: title)',
      "projects[0].title: kötelező mező, hiányzik",
      "projects[0].notices[0].body: kötelező mező, hiányzik",
    ]);
  });
});
