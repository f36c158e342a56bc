import { expect } from "chai";
import { projectKey, readProjectKey } from "../../server/domain/projectKey.js";

describe("a project's key in URLs", () => {
  it("is the identifier when there is one, else the id", () => {
    expect(projectKey({ id: 7, identifier: "KÖFOP-1.0.0-VEKOP-15-2016-00041" })).to.equal("KÖFOP-1.0.0-VEKOP-15-2016-00041");
    expect(projectKey({ id: 7, identifier: null })).to.equal("7");
  });

  it("reads back to the same project", () => {
    for (const project of [
      { id: 7, identifier: "KÖFOP-1.0.0-VEKOP-15-2016-00041" },
      { id: 8, identifier: "EKOP-1.A.1-08/C-2009-0001" },
      { id: 9, identifier: null },
    ]) {
      const lookup = readProjectKey(projectKey(project));
      expect(lookup).to.deep.equal(project.identifier === null ? { id: project.id } : { identifier: project.identifier });
    }
  });

  it("reads any accepted spelling of an identifier", () => {
    expect(readProjectKey("köfop-2.3.4-vekop-15-2016-00002")).to.deep.equal({ identifier: "KÖFOP-2.3.4-VEKOP-15-2016-00002" });
  });

  it("names no project when it is neither an id nor an identifier", () => {
    expect(readProjectKey("nem-azonosito")).to.equal(null);
    expect(readProjectKey("")).to.equal(null);
    expect(readProjectKey("1234567890")).to.equal(null);
  });
});
