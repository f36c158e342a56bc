import { expect } from "chai";
import fc from "fast-check";
import { isCandidateOf, slugBase, slugCandidate, slugRoot } from "../../server/domain/slugs.js";

describe("project slugs", () => {
  it("are made from the canonical identifier, accents folded", () => {
    expect(slugBase({ identifier: "KÖFOP-1.0.0-VEKOP-15-2016-00041", callCode: "KÖFOP-1.0.0-VEKOP-15", title: "x" })).to.equal("kofop-1-0-0-vekop-15-2016-00041");
    expect(slugBase({ identifier: "GINOP_PLUSZ-1.2.2-22-2022-02140", callCode: null, title: "x" })).to.equal("ginop-plusz-1-2-2-22-2022-02140");
    expect(slugBase({ identifier: "EKOP-1.A.1-08/C-2009-0001", callCode: null, title: "x" })).to.equal("ekop-1-a-1-08-c-2009-0001");
  });

  it("without an identifier, from the call code and the title, cut at a word near 60 characters", () => {
    const slug = slugBase({
      identifier: null,
      callCode: "ÁROP-1.A.2/A",
      title: "Szervezetfejlesztés Gödöllő Város Polgármesteri Hivatalában – „őszi” ütemezés, űrlapok és ügyfélszolgálat",
    });
    expect(slug).to.equal("arop-1-a-2-a-szervezetfejlesztes-godollo-varos-polgarmesteri-hivatalaban");
    expect(slug).to.match(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(slugBase({ identifier: null, callCode: "TOP_PLUSZ-3.1.3-23-HE1", title: "Űrhajózás? Ó, ígérem!" })).to.equal("top-plusz-3-1-3-23-he1-urhajozas-o-igerem");
  });

  it("count candidates from the base: base, base-2, base-3", () => {
    expect([1, 2, 3].map((n) => slugCandidate("top-1", n))).to.deep.equal(["top-1", "top-1-2", "top-1-3"]);
    expect(isCandidateOf("top-1-12", "top-1")).to.equal(true);
    expect(isCandidateOf("top-1", "top-1")).to.equal(true);
    expect(isCandidateOf("top-1-1", "top-1"), "-1 is never made").to.equal(false);
    expect(isCandidateOf("top-1-02", "top-1")).to.equal(false);
    expect(isCandidateOf("top-1-kert", "top-1")).to.equal(false);
    expect(isCandidateOf("top-12", "top-1")).to.equal(false);
  });

  it("share a root (the lock a claim is made under) with every base whose candidates they could meet", () => {
    expect(slugRoot("top-1-2-3")).to.equal("top-1");
    expect(slugRoot("top-1-2017-00001"), "a number with a leading zero is never a candidate's").to.equal("top-1-2017-00001");
    expect(slugRoot("top-1-1"), "nor is 1").to.equal("top-1-1");
    const base = fc.stringMatching(/^[a-z0-9]{1,4}(-[a-z0-9]{1,3}){0,3}$/);
    fc.assert(
      fc.property(base, base, fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }), (a, b, m, n) => {
        if (slugCandidate(a, m) === slugCandidate(b, n)) expect(slugRoot(a)).to.equal(slugRoot(b));
        expect(slugRoot(slugCandidate(a, m))).to.equal(slugRoot(a));
      }),
      { seed: 3, numRuns: 20_000 },
    );
  });
});
