/**
 * The facts of a closure report that are not in the project record itself: how the funding figures
 * changed according to the audit trail, who recorded each amendment and when, and how far each
 * indicator reached its target. Pure: the service reads, the presenter words.
 */
import type { AuditEntry, AuditValue } from "./audit.js";

/** The contract's figures as the project row names them. */
export const CONTRACT_FIGURE_FIELDS = ["contracted_total_cost", "contracted_grant", "contracted_own_contribution", "grant_paid"] as const;
/** An amendment's fields that say what it changed and from when. */
export const AMENDMENT_FIGURE_FIELDS = ["effective_date", "reference", "total_cost", "grant_amount", "own_contribution"] as const;

/** One recorded change of a funding figure: a contract figure, or a field of an amendment. */
export interface FigureChange {
  seq: number;
  recordedAt: string;
  actor: string;
  /** `contract` for the project's own figures; otherwise the amendment's uid and what happened to it. */
  subject: { kind: "contract" } | { kind: "amendment"; uid: string; action: AuditEntry["action"] };
  field: string;
  before: AuditValue;
  after: AuditValue;
}

/** Every change of the funding figures in a project's audit entries (oldest first, as given). */
export function figureChanges(entries: readonly AuditEntry[]): FigureChange[] {
  return entries.flatMap((entry) => {
    const at = { seq: entry.seq, recordedAt: entry.recordedAt, actor: entry.actor };
    const contract = CONTRACT_FIGURE_FIELDS.flatMap((field) => {
      const change = entry.changes.fields[field];
      return change ? [{ ...at, subject: { kind: "contract" as const }, field, before: change[0], after: change[1] }] : [];
    });
    const amendments = (entry.changes.records ?? [])
      .filter((r) => r.entity === "funding_amendment")
      .flatMap((r) =>
        AMENDMENT_FIGURE_FIELDS.flatMap((field) => {
          const change = r.fields[field];
          return change ? [{ ...at, subject: { kind: "amendment" as const, uid: r.uid, action: r.action }, field, before: change[0], after: change[1] }] : [];
        }),
      );
    return [...contract, ...amendments];
  });
}

/** Who recorded each amendment and when: the audit entry that created it, by the amendment's uid. */
export function amendmentRecorders(entries: readonly AuditEntry[]): Map<string, { actor: string; recordedAt: string }> {
  const recorders = new Map<string, { actor: string; recordedAt: string }>();
  for (const entry of entries) {
    for (const r of entry.changes.records ?? []) {
      if (r.entity === "funding_amendment" && r.action === "create" && !recorders.has(r.uid)) {
        recorders.set(r.uid, { actor: entry.actor, recordedAt: entry.recordedAt });
      }
    }
  }
  return recorders;
}

/** How much of its target an indicator achieved, in percent to two decimals; null when either is unknown or the target is 0. */
export function achievedPercent({ target, achieved }: { target: number | null; achieved: number | null }): number | null {
  if (target === null || achieved === null || target === 0) return null;
  return Math.round((achieved / target) * 10_000) / 100;
}
