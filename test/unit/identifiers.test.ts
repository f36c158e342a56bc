import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { expect } from "chai";
import { ValidationError } from "../../server/errors.js";
import { parseCallCode, parseProjectIdentifier } from "../../server/domain/identifiers.js";

const NATIONAL_LIST = path.join(import.meta.dirname, "..", "..", "..", "shared", "data", "szechenyi-terv-plusz-funded-projects.csv");

describe("project identifiers", () => {
  const cases: Array<[string, string, string, string]> = [
    ["KÖFOP-1.0.0-VEKOP-15-2016-00041", "KÖFOP-1.0.0-VEKOP-15-2016-00041", "KÖFOP-1.0.0-VEKOP-15", "2014-2020"],
    ["EFOP-1.5.3-16-2017-00112", "EFOP-1.5.3-16-2017-00112", "EFOP-1.5.3-16", "2014-2020"],
    ["TOP-6.5.1-16-ST1-2017-00004", "TOP-6.5.1-16-ST1-2017-00004", "TOP-6.5.1-16-ST1", "2014-2020"],
    ["GINOP_PLUSZ-1.2.2-22-2022-02140", "GINOP_PLUSZ-1.2.2-22-2022-02140", "GINOP_PLUSZ-1.2.2-22", "2021-2027"],
    ["TOP_PLUSZ-3.1.3-23-HE1-2024-00014", "TOP_PLUSZ-3.1.3-23-HE1-2024-00014", "TOP_PLUSZ-3.1.3-23-HE1", "2021-2027"],
    ["ÁROP-1.A.5-2013-2013-0088", "ÁROP-1.A.5-2013-2013-0088", "ÁROP-1.A.5-2013", "2007-2013"],
    // Loose spellings people type
    ["GINOP Plusz-1.2.1-21-2022-00012", "GINOP_PLUSZ-1.2.1-21-2022-00012", "GINOP_PLUSZ-1.2.1-21", "2021-2027"],
    ["kofop–1.0.0–vekop–15–2016–00041.", "KÖFOP-1.0.0-VEKOP-15-2016-00041", "KÖFOP-1.0.0-VEKOP-15", "2014-2020"],
    ["  efop - 1.5.3 - 16 - 2017 - 00112 ", "EFOP-1.5.3-16-2017-00112", "EFOP-1.5.3-16", "2014-2020"],
    ["ginop-plusz-1.2.2-22-2022-02140", "GINOP_PLUSZ-1.2.2-22-2022-02140", "GINOP_PLUSZ-1.2.2-22", "2021-2027"],
    ["ginop+-1.2.2-22-2022-02140", "GINOP_PLUSZ-1.2.2-22-2022-02140", "GINOP_PLUSZ-1.2.2-22", "2021-2027"],
    ["AROP-1.A.5-2013-2013-0088", "ÁROP-1.A.5-2013-2013-0088", "ÁROP-1.A.5-2013", "2007-2013"],
  ];
  for (const [input, identifier, call, period] of cases) {
    it(`reads "${input}"`, () => {
      const parsed = parseProjectIdentifier(input);
      expect(parsed.identifier).to.equal(identifier);
      expect(parsed.call.code).to.equal(call);
      expect(parsed.call.period).to.equal(period);
    });
  }

  it("derives year and serial", () => {
    const parsed = parseProjectIdentifier("KÖFOP-1.0.0-VEKOP-15-2016-00041");
    expect(parsed.year).to.equal(2016);
    expect(parsed.serial).to.equal("00041");
    expect(parsed.call.programmeCode).to.equal("KÖFOP");
  });

  for (const bad of ["", "hello", "12345", "KÖFOP-1.0.0-VEKOP-15", "XYZ-1.2.3-16-2017-00001", "GINOP-1.2.3-16-2017-0001", "GINOP 1.2.3 16 2017 00001"]) {
    it(`rejects "${bad}" showing the expected shape`, () => {
      expect(() => parseProjectIdentifier(bad))
        .to.throw(ValidationError)
        .with.property("message")
        .that.matches(/várt alak: PROGRAM-1\.2\.3-16-2017-00001/);
    });
  }
});

describe("call codes", () => {
  it("reads the shapes of all three periods", () => {
    expect(parseCallCode("ÁROP-1.A.2/A")).to.include({ code: "ÁROP-1.A.2/A", period: "2007-2013", regular: true });
    expect(parseCallCode("KÖFOP-1.0.0-VEKOP-15")).to.include({ code: "KÖFOP-1.0.0-VEKOP-15", period: "2014-2020" });
    expect(parseCallCode("DIMOP_PLUSZ-1.2.3/AB-1-24")).to.include({ programmeCode: "DIMOP_PLUSZ", period: "2021-2027" });
    expect(parseCallCode("GINOP Plusz-1.2.1-21").code).to.equal("GINOP_PLUSZ-1.2.1-21");
  });

  it("refuses a project identifier where a call code belongs", () => {
    expect(() => parseCallCode("KÖFOP-1.0.0-VEKOP-15-2016-00041")).to.throw(/projektazonosító, nem felhívás-kód/);
  });

  it("keeps an irregular code as written, flagged, only when asked to", () => {
    expect(() => parseCallCode("AAVSZ_Díjazása-GINOP-1.1.1-24")).to.throw(ValidationError);
    expect(parseCallCode(" AAVSZ_Díjazása-GINOP-1.1.1-24 ", { allowIrregular: true })).to.deep.equal({
      code: "AAVSZ_Díjazása-GINOP-1.1.1-24",
      programmeCode: null,
      period: null,
      regular: false,
    });
    expect(() => parseCallCode("nem egy kód", { allowIrregular: true })).to.throw(/várt alak/);
  });

  describe("every call code in the national list", function () {
    const present = fs.existsSync(NATIONAL_LIST);
    const rows: Array<Record<string, string>> = present
      ? parse(fs.readFileSync(NATIONAL_LIST), { columns: true, skip_empty_lines: true })
      : [];

    before(function () {
      if (!present) this.skip();
    });

    it("parses each one; the few irregular ones are kept exactly as written", () => {
      const codes = [...new Set(rows.map((r) => r.konstrukcio_kod!))];
      expect(codes.length).to.be.greaterThan(400);
      const irregular: string[] = [];
      for (const code of codes) {
        const call = parseCallCode(code, { allowIrregular: true });
        if (call.regular) {
          expect(call.code, code).to.equal(code);
          expect(call.period, code).to.equal("2021-2027");
        } else {
          expect(call.code).to.equal(code);
          irregular.push(code);
        }
      }
      expect(irregular).to.deep.equal(["AAVSZ_Díjazása-GINOP-1.1.1-24"]);
    });

    it("derives the programme the list itself gives (op_kod)", () => {
      for (const row of rows) {
        const call = parseCallCode(row.konstrukcio_kod!, { allowIrregular: true });
        if (call.regular) expect(call.programmeCode, row.konstrukcio_kod).to.equal(row.op_kod);
      }
    });
  });
});
