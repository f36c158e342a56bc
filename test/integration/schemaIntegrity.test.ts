/**
 * The schema changes only on purpose (as Ghost's integrity test has it), and
 * the database's lists of allowed values never drift from the domain's.
 */
import { ROLES } from "../../server/domain/permissions.js";
import { expect } from "chai";
import { AUDIT_ACTIONS } from "../../server/domain/audit.js";
import { REVIEW_OUTCOMES } from "../../server/domain/review.js";
import {
  DELIVERABLE_KINDS,
  EVENT_KINDS,
  NOTICE_KINDS,
  OBLIGATION_KINDS,
  PARTNER_ROLES,
  PROCUREMENT_METHODS,
  PROJECT_STATUSES,
} from "../../server/domain/project.js";
import { NOTICE_STATES } from "../../server/data/projectRows.js";
import { useTestDatabase } from "../helpers/database.js";
import { schemaFingerprint } from "../helpers/schemaFingerprint.js";

/**
 * The fingerprint of the migrated schema (the same on PGlite and on PostgreSQL 15). A migration changes
 * it: check the change is the one meant, then record the new value printed by the failing test.
 */
const FINGERPRINT = "e85a07af5b849fdcd29da3ff1fea7f5eabad3eefca9555a565e9c8dac5536d82";

/** Every CHECK list in the schema, with the domain list it must equal. */
const LISTS: Record<string, readonly string[]> = {
  projects_status_known: PROJECT_STATUSES,
  funding_reviews_outcome_known: REVIEW_OUTCOMES,
  status_changes_status_known: PROJECT_STATUSES,
  project_partners_role_known: PARTNER_ROLES,
  deliverables_kind_known: DELIVERABLE_KINDS,
  events_kind_known: EVENT_KINDS,
  procurements_method_known: PROCUREMENT_METHODS,
  notices_kind_known: NOTICE_KINDS,
  notices_status_known: NOTICE_STATES,
  obligations_kind_known: OBLIGATION_KINDS,
  audit_log_action_known: AUDIT_ACTIONS,
  users_roles_known: ROLES,
};

describe("schema integrity", () => {
  const context = useTestDatabase();

  it("matches the recorded fingerprint", async () => {
    const fingerprint = await schemaFingerprint(context.db.knex);
    expect(fingerprint, `the schema changed; if on purpose, set FINGERPRINT to "${fingerprint}"`).to.equal(FINGERPRINT);
  });

  it("allows in each CHECK list exactly the values the domain knows", async () => {
    const { rows } = await context.db.knex.raw(`
      select c.conname as name, pg_get_constraintdef(c.oid) as definition
      from pg_constraint c join pg_namespace n on n.oid = c.connamespace
      where n.nspname = 'public' and c.contype = 'c' and c.conname like '%\\_known'`);
    const found = new Map<string, string[]>(
      (rows as Array<{ name: string; definition: string }>).map((r) => [r.name, [...r.definition.matchAll(/'([^']+)'::text/g)].map((m) => m[1]!)]),
    );
    expect([...found.keys()].sort(), "every CHECK list is compared with a domain list").to.deep.equal(Object.keys(LISTS).sort());
    for (const [name, values] of Object.entries(LISTS)) {
      expect(found.get(name), name).to.have.members([...values]);
    }
  });
});
