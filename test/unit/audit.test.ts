import { expect } from "chai";
import canonicalize from "canonicalize";
import { createHash } from "node:crypto";
import { canonicalChanges, chain, entryHash, GENESIS_HASH, type AuditEntry, type PendingEntry } from "../../server/domain/audit.js";

/** The hash as the audit trail defines it: SHA-256 over RFC 8785 of the whole entry but its hash. */
function definedHash(entry: Omit<AuditEntry, "hash">): string {
  const content = {
    seq: String(entry.seq),
    recordedAt: entry.recordedAt,
    actor: entry.actor,
    action: entry.action,
    entity: entry.entity,
    entityKey: entry.entityKey,
    projectUid: entry.projectUid,
    projectVersion: entry.projectVersion === null ? null : String(entry.projectVersion),
    changes: entry.changes,
    prevHash: entry.prevHash,
  };
  return createHash("sha256").update(canonicalize(content)!, "utf8").digest("hex");
}

const entries: PendingEntry[] = [
  {
    actor: 'import:"árvíztűrő" \\ \u2028 tükörfúrógép 😀',
    action: "create",
    entity: "project",
    entityKey: "3f0c…",
    projectUid: "3f0c…",
    projectVersion: 1,
    changes: { fields: { title: [null, "Út – „felújítás”"], zeta: [null, "1"], alpha: [null, ["a", { b: "c", a: null }]] }, records: [] },
  },
  { actor: "admin", action: "update", entity: "organisation", entityKey: "17", projectUid: null, projectVersion: null, changes: { fields: { name: ["A", "B"] } } },
];

describe("audit chain hashing", () => {
  it("hashes the canonical JSON of the whole entry, whichever way it is computed", () => {
    const placed = chain(
      entries.map((e) => ({ ...e, changes: canonicalChanges(e.changes) })),
      { seq: 41, hash: GENESIS_HASH },
      "2026-11-26T01:02:03.456789Z",
    );
    let prevHash = GENESIS_HASH;
    placed.forEach((p, i) => {
      const entry = { ...entries[i]!, seq: 42 + i, recordedAt: "2026-11-26T01:02:03.456789Z", prevHash };
      expect(p.hash).to.equal(definedHash(entry));
      expect(entryHash(entry)).to.equal(p.hash);
      expect(JSON.parse(p.changes)).to.deep.equal(entries[i]!.changes);
      prevHash = p.hash;
    });
  });
});
