/**
 * Counters of failed logins, kept in the database so that every app instance
 * sees the same count. rate-limiter-flexible's PostgreSQL store speaks the pg
 * client's `query({ text, values })`; the adapter below runs those statements
 * through knex, so the same store works on the embedded engine too.
 */
import type { Knex } from "knex";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";

function knexAsPgClient(knex: Knex) {
  return {
    async query({ text, values = [] }: { text: string; values?: unknown[] }) {
      // `$1` placeholders become knex's named bindings; a value may be used more than once.
      const bindings = Object.fromEntries(values.map((v, i) => [`p${i + 1}`, v]));
      const result = await knex.raw(text.replace(/\$(\d+)/g, ":p$1"), bindings as Knex.ValueDict);
      const rows = (result.rows ?? []) as Array<Record<string, unknown>>;
      // The embedded engine reports affectedRows 0 for a SELECT: rows returned count first.
      return { rows, rowCount: rows.length > 0 ? rows.length : (result.rowCount ?? result.affectedRows ?? 0) };
    },
  };
}

export interface AttemptLimits {
  /** Failed logins allowed per account, per window. */
  perAccount: number;
  /** Failed logins allowed per client address, per window. */
  perAddress: number;
  windowSeconds: number;
}

export interface LoginAttempts {
  /** Seconds to wait before the next try, or 0 when a try is allowed now. */
  waitBeforeTrying(account: string, address: string): Promise<number>;
  recordFailure(account: string, address: string): Promise<void>;
  forgetAccount(account: string): Promise<void>;
}

export function loginAttempts(knex: Knex, limits: AttemptLimits): LoginAttempts {
  const common = {
    storeClient: knexAsPgClient(knex),
    storeType: "client",
    tableName: "login_attempts",
    tableCreated: true,
    clearExpiredByTimeout: false,
    duration: limits.windowSeconds,
  };
  const byAccount = new RateLimiterPostgres({ ...common, keyPrefix: "account", points: limits.perAccount });
  const byAddress = new RateLimiterPostgres({ ...common, keyPrefix: "address", points: limits.perAddress });
  const waitOf = (res: RateLimiterRes | null, points: number) =>
    res !== null && res.consumedPoints >= points ? Math.ceil(res.msBeforeNext / 1000) : 0;

  return {
    async waitBeforeTrying(account, address) {
      const [a, b] = await Promise.all([byAccount.get(account), byAddress.get(address)]);
      return Math.max(waitOf(a, limits.perAccount), waitOf(b, limits.perAddress));
    },
    async recordFailure(account, address) {
      // penalty() counts without throwing when the limit is passed.
      await Promise.all([byAccount.penalty(account, 1), byAddress.penalty(address, 1)]);
    },
    async forgetAccount(account) {
      await byAccount.delete(account);
    },
  };
}
