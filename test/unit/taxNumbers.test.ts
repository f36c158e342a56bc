import { expect } from "chai";
import { ValidationError } from "../../server/errors.js";
import { normaliseTaxNumber, parseTaxNumber } from "../../server/domain/taxNumbers.js";

describe("tax numbers", () => {
  it("gives the stored form of a tax number typed with or without dashes and spaces", () => {
    for (const typed of ["15789012-2-41", "15789012241", "15789012 2 41", " 1578 9012-2-41 "]) {
      expect(normaliseTaxNumber(typed), typed).to.equal("15789012-2-41");
    }
  });

  it("does not take other text for a tax number", () => {
    for (const typed of ["1578901224", "157890122411", "15789012-2-4a", "Pest Megyei Kormányhivatal", ""]) {
      expect(normaliseTaxNumber(typed), typed).to.equal(null);
    }
  });

  it("rejects what is not a tax number, showing the expected shape", () => {
    expect(parseTaxNumber("15789012241")).to.equal("15789012-2-41");
    expect(() => parseTaxNumber("1234")).to.throw(ValidationError, '"1234" nem adószám (várt alak: 12345678-1-23)');
  });
});
