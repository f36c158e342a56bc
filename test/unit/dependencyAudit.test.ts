/** The dependency audit's verdict on what `npm audit --omit=dev --json` prints. */
import { expect } from "chai";
import { judgeAudit } from "../../scripts/dependencyAudit.js";

const report = (vulnerabilities: Record<string, { name: string; severity: string }>, counts: Record<string, number>) =>
  JSON.stringify({ auditReportVersion: 2, vulnerabilities, metadata: { vulnerabilities: counts, dependencies: { prod: 200 } } });

describe("dependency audit verdict", () => {
  it("passes a report with only low and moderate advisories", () => {
    const verdict = judgeAudit(report({ a: { name: "a", severity: "moderate" } }, { info: 0, low: 0, moderate: 1, high: 0, critical: 0, total: 1 }));
    expect(verdict.kind).to.equal("clean");
  });

  it("names every package with a high or critical advisory", () => {
    const verdict = judgeAudit(
      report(
        { a: { name: "a", severity: "high" }, b: { name: "b", severity: "low" }, c: { name: "c", severity: "critical" } },
        { info: 0, low: 1, moderate: 0, high: 1, critical: 1, total: 3 },
      ),
    );
    expect(verdict).to.deep.include({ kind: "vulnerable", packages: [{ name: "a", severity: "high" }, { name: "c", severity: "critical" }] });
  });

  it("tells a registry that gave no report from a clean one", () => {
    const refused = JSON.stringify({ message: "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk", statusCode: 405 });
    expect(judgeAudit(refused)).to.deep.equal({ kind: "unavailable", reason: "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk" });
    expect(judgeAudit("")).to.include({ kind: "unavailable" });
  });
});
