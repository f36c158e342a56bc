/** Reading the audit trail: verifying the whole chain, and a project's history. */
import { chainBreak, GENESIS_HASH, type ChainBreak } from "../domain/audit.js";
import type { Database } from "../data/database.js";
import { chainHead, entriesAfter } from "../data/auditRepository.js";

const BATCH = 1000;

export interface ChainReport {
  entries: number;
  /** The first entry that breaks the chain, or null when it is whole. */
  firstBreak: { seq: number; id: number; reason: ChainBreak | "head_mismatch" } | null;
}

export function createAuditService(db: Database) {
  return {
    /** Streams the whole log in chain order, checking every link; memory stays flat whatever its length. */
    async verify(onProgress: (checked: number) => void = () => {}): Promise<ChainReport> {
      // The head first: entries that other writers commit while the log is read lie beyond it and are left out.
      const head = await chainHead(db.knex);
      let previous = { seq: 0, hash: GENESIS_HASH, id: 0 };
      let entries = 0;
      while (previous.seq < head.seq) {
        const batch = (await entriesAfter(db.knex, previous.seq, BATCH)).filter((e) => e.seq <= head.seq);
        if (batch.length === 0) break;
        for (const entry of batch) {
          const reason = chainBreak(entry, previous);
          // An entry deleted and inserted again has an id too large for its place: name that one.
          const culprit = reason === "out_of_order" ? previous : entry;
          if (reason) return { entries, firstBreak: { seq: culprit.seq, id: culprit.id, reason } };
          previous = { seq: entry.seq, hash: entry.hash, id: entry.id };
          entries++;
        }
        onProgress(entries);
      }
      if (head.seq !== previous.seq || head.hash !== previous.hash) {
        // Entries at the end were removed (or the head was moved).
        return { entries, firstBreak: { seq: previous.seq + 1, id: previous.id, reason: "head_mismatch" } };
      }
      return { entries, firstBreak: null };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
