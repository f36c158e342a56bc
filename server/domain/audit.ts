/**
 * The audit trail's rules: what an entry says, how a change is described, and
 * how entries are chained. Each entry commits to the one before it with a
 * SHA-256 hash over its canonical JSON (RFC 8785), as a transparency log does.
 * Numbers in recorded values are written as strings: RFC 8785 numbers are
 * doubles, and sums of grants pass 2^53.
 */
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

export const GENESIS_HASH = "0".repeat(64);

export const AUDIT_ACTIONS = ["create", "update", "delete"] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** A recorded value: text, boolean, null, or a list/object of such (numbers become text). */
export type AuditValue = string | boolean | null | AuditValue[] | { [key: string]: AuditValue };

/** Each changed field's value before and after; a created record has only "after" values (before null). */
export type FieldChanges = Record<string, [AuditValue, AuditValue]>;

/** A record under a project that a change-set created, updated or deleted. */
export interface RecordChange {
  entity: string;
  uid: string;
  action: AuditAction;
  fields: FieldChanges;
}

export interface ChangeSet {
  fields: FieldChanges;
  records?: RecordChange[];
}

/** An entry before it is placed in the chain. */
export interface PendingEntry {
  actor: string;
  action: AuditAction;
  entity: string;
  entityKey: string;
  projectUid: string | null;
  projectVersion: number | null;
  changes: ChangeSet;
}

export interface AuditEntry extends PendingEntry {
  seq: number;
  /** ISO 8601 UTC with microseconds, as the database records it. */
  recordedAt: string;
  prevHash: string;
  hash: string;
}

/** A stored value as the audit trail records it. */
export function auditValue(value: unknown): AuditValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(auditValue);
  if (typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, auditValue(v)]));
  }
  return String(value);
}

/** Text, booleans and null compare as they are; only lists and objects need their canonical form. */
const same = (a: AuditValue, b: AuditValue) =>
  a === b || (typeof a === "object" && a !== null && typeof b === "object" && b !== null && canonicalize(a) === canonicalize(b));

/** The fields whose values differ, each with its value before and after. */
export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): FieldChanges {
  const changes: FieldChanges = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of [...keys].sort()) {
    const was = auditValue(before?.[key]);
    const now = auditValue(after?.[key]);
    if (!same(was, now)) changes[key] = [was, now];
  }
  return changes;
}

/** An entry before it is placed in the chain, its change-set already in canonical JSON (RFC 8785). */
export type CanonicalPendingEntry = Omit<PendingEntry, "changes"> & { changes: string };

/** An entry's change-set in canonical JSON: the text the hash covers, and what is stored. */
export function canonicalChanges(changes: ChangeSet): string {
  const text = canonicalize(changes);
  if (text === undefined) throw new Error("An audit entry could not be canonicalised");
  return text;
}

const text = (value: string | null) => canonicalize(value) as string;

/**
 * What the hash covers: everything in the entry but the hash itself, as RFC 8785 writes it (keys sorted, no
 * spaces). Written out here rather than by canonicalising the whole entry, so that a change-set is
 * canonicalised once when it is recorded and not again in the chain (test/unit/audit.test.ts checks it
 * against canonicalize of the whole entry).
 */
function hashedContent(entry: Omit<AuditEntry, "hash" | "changes">, changes: string): string {
  return (
    `{"action":${text(entry.action)},"actor":${text(entry.actor)},"changes":${changes},"entity":${text(entry.entity)}` +
    `,"entityKey":${text(entry.entityKey)},"prevHash":${text(entry.prevHash)},"projectUid":${text(entry.projectUid)}` +
    `,"projectVersion":${text(entry.projectVersion === null ? null : String(entry.projectVersion))}` +
    `,"recordedAt":${text(entry.recordedAt)},"seq":${text(String(entry.seq))}}`
  );
}

const sha256 = (content: string) => createHash("sha256").update(content, "utf8").digest("hex");

export function entryHash(entry: Omit<AuditEntry, "hash">): string {
  return sha256(hashedContent(entry, canonicalChanges(entry.changes)));
}

/** Places pending entries after the chain head, in order; each keeps its change-set as canonical text. */
export function chain(
  pending: readonly CanonicalPendingEntry[],
  head: { seq: number; hash: string },
  recordedAt: string,
): Array<CanonicalPendingEntry & { seq: number; recordedAt: string; prevHash: string; hash: string }> {
  let { seq, hash } = head;
  return pending.map((entry) => {
    seq += 1;
    const placed = { ...entry, seq, recordedAt, prevHash: hash };
    hash = sha256(hashedContent(placed, entry.changes));
    return { ...placed, hash };
  });
}

export type ChainBreak = "sequence_gap" | "out_of_order" | "broken_link" | "altered";

/** Why an entry breaks the chain, or null if it follows from the one before. */
export function chainBreak(
  entry: AuditEntry & { id: number },
  previous: { seq: number; hash: string; id: number },
): ChainBreak | null {
  if (entry.seq !== previous.seq + 1) return "sequence_gap";
  // Entries are stored in chain order; one deleted and inserted again lands after later ones.
  if (entry.id <= previous.id) return "out_of_order";
  if (entry.prevHash !== previous.hash) return "broken_link";
  if (entryHash(entry) !== entry.hash) return "altered";
  return null;
}
