import { expect } from "chai";
import { parsePartialDate } from "../../server/domain/dates.js";
import { endToShow } from "../../server/domain/endDate.js";

describe("the end date shown", () => {
  const plannedEnd = parsePartialDate("2010-10");
  const actualEnd = parsePartialDate("2010-11-15");

  it("is the actual end once it is known", () => {
    expect(endToShow({ plannedEnd, actualEnd })).to.deep.equal({ date: actualEnd, actual: true });
    expect(endToShow({ plannedEnd: null, actualEnd })).to.deep.equal({ date: actualEnd, actual: true });
  });

  it("is the planned end until then", () => {
    expect(endToShow({ plannedEnd, actualEnd: null })).to.deep.equal({ date: plannedEnd, actual: false });
  });

  it("is nothing when neither is known", () => {
    expect(endToShow({ plannedEnd: null, actualEnd: null })).to.deep.equal({ date: null, actual: false });
  });
});
