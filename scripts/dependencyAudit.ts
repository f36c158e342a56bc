/** What `npm audit --omit=dev --json` said: a report to judge, or no report because the registry did not answer. */

export type AuditVerdict =
  | { kind: "clean"; counts: Record<string, number> }
  | { kind: "vulnerable"; counts: Record<string, number>; packages: Array<{ name: string; severity: string }> }
  | { kind: "unavailable"; reason: string };

const BLOCKING = new Set(["high", "critical"]);

interface AuditReport {
  auditReportVersion?: number;
  vulnerabilities?: Record<string, { name: string; severity: string }>;
  metadata?: { vulnerabilities?: Record<string, number> };
  message?: string;
  statusCode?: number;
  error?: { summary?: string };
}

export function judgeAudit(output: string): AuditVerdict {
  let report: AuditReport;
  try {
    report = JSON.parse(output) as AuditReport;
  } catch {
    return { kind: "unavailable", reason: "npm audit printed no JSON" };
  }
  if (report.auditReportVersion === undefined || report.metadata?.vulnerabilities === undefined) {
    // A registry without the audit endpoint (or no network) gives an error object instead of a report.
    return { kind: "unavailable", reason: report.message ?? report.error?.summary ?? "npm audit gave no report" };
  }
  const counts = report.metadata.vulnerabilities;
  const packages = Object.values(report.vulnerabilities ?? {})
    .filter((v) => BLOCKING.has(v.severity))
    .map(({ name, severity }) => ({ name, severity }));
  return packages.length > 0 ? { kind: "vulnerable", counts, packages } : { kind: "clean", counts };
}
