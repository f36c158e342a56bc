import { expect } from "chai";
import { findProgramme, normaliseProgrammeCode } from "../../server/domain/programmes.js";

describe("programme codes typed loosely", () => {
  const cases: Array<[string, string]> = [
    ["GINOP Plusz", "GINOP_PLUSZ"],
    ["ginop+", "GINOP_PLUSZ"],
    ["Ginop_plusz", "GINOP_PLUSZ"],
    ["ginop-plusz", "GINOP_PLUSZ"],
    ["GINOP – Plusz", "GINOP_PLUSZ"],
    [" top plusz ", "TOP_PLUSZ"],
    ["ginop", "GINOP"],
    ["kofop", "KÖFOP"],
    ["köfop", "KÖFOP"],
    ["Arop", "ÁROP"],
  ];
  for (const [typed, code] of cases) {
    it(`reads "${typed}" as ${code}`, () => {
      expect(normaliseProgrammeCode(typed)).to.equal(code);
      expect(findProgramme(code), code).to.not.equal(undefined);
    });
  }

  it("leaves a bare Plusz, which names no programme, matching none", () => {
    expect(findProgramme(normaliseProgrammeCode("plusz"))).to.equal(undefined);
  });
});
