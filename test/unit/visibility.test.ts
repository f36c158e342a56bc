import { expect } from "chai";
import { isPublished, publicRecord } from "../../server/domain/visibility.js";
import { PUBLIC_AND_INTERNAL, projectDetail } from "../factories/projectDetail.js";

describe("what the public may see", () => {
  const { record } = projectDetail(PUBLIC_AND_INTERNAL);

  it("is a notice once it is published, never a draft", () => {
    expect(isPublished({ publishedAt: "2022-02-28T23:00:00.000Z" })).to.equal(true);
    expect(isPublished({ publishedAt: null })).to.equal(false);
  });

  it("leaves out drafts and internal deliverables, and nothing else", () => {
    const shown = publicRecord(record);
    expect(shown.deliverables.map((d) => d.title)).to.deep.equal(["Nyilvános tanulmány"]);
    expect(shown.notices.map((n) => n.title)).to.deep.equal(["Elindult a projekt"]);
    expect({ ...shown, deliverables: [], notices: [] }).to.deep.equal({ ...record, deliverables: [], notices: [] });
  });

  it("does not change the record it is given", () => {
    publicRecord(record);
    expect(record.deliverables).to.have.length(2);
    expect(record.notices).to.have.length(2);
  });
});
