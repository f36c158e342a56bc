import { expect } from "chai";
import { formatValue, recordName } from "../../server/presenters/historyPresenter.js";
import { formatForints } from "../../server/rendering/numbers.js";

describe("values in a project's history", () => {
  it("reads raw audit values as people write them", () => {
    expect(formatValue("grant_amount", null, "29110000")).to.equal(formatForints(29_110_000));
    expect(formatValue("due_date", "milestone", "2009-04-01", "month")).to.equal("2009. április");
    expect(formatValue("due_date", "milestone", "2009-01-01", "year")).to.equal("2009");
    expect(formatValue("effective_date", "funding_amendment", "2021-05-13")).to.equal("2021. május 13.");
    expect(formatValue("published_at", "notice", "2021-05-12T22:30:00.000Z")).to.equal("2021. május 13. 0:30");
    expect(formatValue("eu_cofinancing_rate", null, "85")).to.equal("85,00%");
    expect(formatValue("participants", "event", "12500")).to.match(/^12\s500$/);
    expect(formatValue("is_public", "deliverable", false)).to.equal("nem");
    expect(formatValue("status", null, "in_progress")).to.equal("megvalósítás alatt");
    expect(formatValue("status", "notice", "draft")).to.equal("piszkozat");
    expect(formatValue("kind", "deliverable", "handbook")).to.equal("kézikönyv");
    expect(formatValue("kind", "event", "conference")).to.equal("konferencia");
    expect(formatValue("links", "deliverable", [{ title: "Tanulmány", url: "https://example.hu/t.pdf" }])).to.equal(
      "Tanulmány (https://example.hu/t.pdf)",
    );
    expect(formatValue("partner_shares", "funding_amendment", [{ organisation: "Partner Kft.", grantShare: "1000000" }])).to.equal(
      `Partner Kft.: ${formatForints(1_000_000)}`,
    );
    expect(formatValue("funds", null, ["ERFA", "ESZA+"])).to.equal("ERFA; ESZA+");
    expect(formatValue("title", null, null)).to.equal(null);
    expect(formatValue("links", "deliverable", [])).to.equal(null);
  });

  it("names records by kind and title, subject, name, reference or organisation", () => {
    expect(recordName("milestone", { title: "Indulás" })).to.equal("mérföldkő „Indulás”");
    expect(recordName("procurement", { subject: "Tanácsadás" })).to.equal("beszerzés „Tanácsadás”");
    expect(recordName("partner", { organisation: "Partner Kft. (11111111-2-42)" })).to.equal("konzorciumi partner „Partner Kft. (11111111-2-42)”");
    expect(recordName("funding_amendment", { reference: "1. sz. módosítás" })).to.equal("szerződésmódosítás „1. sz. módosítás”");
    expect(recordName("status_change", { status: "completed" })).to.equal("állapotváltozás: befejezett");
    expect(recordName("obligation", { title: null, kind: "payment_claim" })).to.equal("kifizetési kérelem");
    expect(recordName("indicator", {})).to.equal("indikátor");
  });
});
