/**
 * Accounts: creating users, logging in (with failed attempts limited across
 * instances), passwords, project assignments, API tokens and calendar keys.
 * Changes to accounts are recorded in the audit trail like any other write.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { ForbiddenError, NotFoundError, ValidationError, ValidationErrors } from "../errors.js";
import { checkNewPassword, limitedToAssigned, normaliseEmail, parseRoles } from "../domain/accounts.js";
import type { FieldChanges } from "../domain/audit.js";
import { may, type Actor, type Role } from "../domain/permissions.js";
import { auditedTransaction } from "../data/auditRepository.js";
import type { Database } from "../data/database.js";
import { loginAttempts, type AttemptLimits } from "../data/loginAttempts.js";
import { findIdByKey } from "../data/projectReads.js";
import { readProjectKey } from "../domain/projectKey.js";
import { checkStorableText, isStorableText } from "../domain/text.js";
import * as users from "../data/usersRepository.js";

/** Argon2id with the library's defaults (19 MiB, 2 passes), the OWASP baseline. */
const ARGON2ID = 2;
const hashPassword = (password: string) => hash(password, { algorithm: ARGON2ID });

/** Compared against when the account does not exist, so that a wrong e-mail takes as long as a wrong password. */
let dummyHash: Promise<string> | undefined;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** A secret to show once: 24 random bytes, URL-safe. */
const newSecret = (prefix: string) => `${prefix}${randomBytes(24).toString("base64url")}`;

export const TOKEN_PREFIX = "ptk_";

/** Login failed: wrong e-mail or password (never saying which), or too many tries. */
export class LoginError extends Error {
  constructor(
    message: string,
    readonly status: 401 | 429,
    /** Seconds until the next try is allowed, when limited. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
    this.name = "LoginError";
  }
}

export interface NewUserInput {
  email: string;
  name: string;
  /** Roles as codes or Hungarian names (see parseRoles). */
  roles: readonly string[];
  /** Given: the user's chosen password. Left out: a one-time password is made and returned. */
  password?: string;
  /** The password given is a one-time one, to be replaced at first login (always so for a made one). */
  oneTime?: boolean;
  restrictedToAssigned?: boolean;
}

export const DEFAULT_ATTEMPT_LIMITS: AttemptLimits = { perAccount: 5, perAddress: 50, windowSeconds: 15 * 60 };

export function createAccountService(db: Database, limits: AttemptLimits = DEFAULT_ATTEMPT_LIMITS) {
  const knex = db.knex;
  const attempts = loginAttempts(knex, limits);

  const audited = (actor: Actor, action: "create" | "update", user: users.StoredUser, fields: FieldChanges) => ({
    actor: actor.label,
    action,
    entity: "user",
    entityKey: user.uid,
    projectUid: null,
    projectVersion: null,
    changes: { fields },
  });

  async function create(actor: Actor, input: NewUserInput): Promise<{ user: users.StoredUser; oneTimePassword: string | null }> {
    if (!may(actor, "manage_users")) throw new ForbiddenError("Felhasználót csak adminisztrátor vehet fel.");
    const errors: ValidationError[] = [];
    let email = "";
    try {
      email = normaliseEmail(input.email);
    } catch (error) {
      errors.push(error as ValidationError);
    }
    const name = input.name.trim();
    if (name === "") errors.push(new ValidationError("kötelező mező, hiányzik", "name"));
    try {
      checkStorableText(name, "name");
    } catch (error) {
      errors.push(error as ValidationError);
    }
    let roles: Role[] = [];
    try {
      roles = parseRoles(input.roles, "roles");
    } catch (error) {
      errors.push(error as ValidationError);
    }
    if (input.password !== undefined) {
      try {
        checkNewPassword(input.password);
      } catch (error) {
        errors.push(error as ValidationError);
      }
    }
    if (errors.length > 0) throw new ValidationErrors(errors);
    const oneTimePassword = input.password === undefined ? newSecret("") : null;
    const passwordHash = await hashPassword(input.password ?? oneTimePassword!);
    return auditedTransaction(knex, async (trx, audit) => {
      if (await users.userByEmail(trx, email)) {
        throw new ValidationErrors([new ValidationError("már van felhasználó ezzel az e-mail-címmel", "email")]);
      }
      const user = await users.insertUser(trx, {
        uid: randomUUID(),
        email,
        name,
        roles,
        passwordHash,
        mustChangePassword: oneTimePassword !== null || input.oneTime === true,
        restrictedToAssigned: input.restrictedToAssigned ?? false,
      });
      await audit.add(
        audited(actor, "create", user, { email: [null, email], name: [null, name], roles: [null, roles], restricted_to_assigned: [null, user.restrictedToAssigned] }),
      );
      return { user, oneTimePassword };
    });
  }

  async function actorOf(user: users.StoredUser): Promise<Actor> {
    const limited = limitedToAssigned(user.roles, user.restrictedToAssigned);
    return {
      label: user.email,
      userId: user.id,
      roles: user.roles,
      projectIds: limited ? new Set(await users.assignedProjectIds(knex, user.id)) : null,
    };
  }

  return {
    create,

    /** The first admin of a fresh database, with a one-time password; null when there are users already. */
    async createFirstAdmin(email = "admin@projekttar.local"): Promise<{ email: string; oneTimePassword: string } | null> {
      if ((await users.countUsers(knex)) > 0) return null;
      const { user, oneTimePassword } = await create({ label: "system:first-start", userId: null, roles: ["admin"], projectIds: null }, { email, name: "Adminisztrátor", roles: ["admin"] });
      return { email: user.email, oneTimePassword: oneTimePassword! };
    },

    /** Checks an e-mail and password; failed tries are counted per account and per client address. */
    async authenticate(emailInput: string, password: string, address: string): Promise<users.StoredUser> {
      const email = emailInput.trim().toLowerCase();
      const accountKey = sha256(email);
      const wait = await attempts.waitBeforeTrying(accountKey, address);
      if (wait > 0) {
        throw new LoginError(`Túl sok sikertelen belépési kísérlet. Próbálja újra ${Math.ceil(wait / 60)} perc múlva.`, 429, wait);
      }
      // A text no column can hold is nobody's address: asking the database would only fail.
      const user = email === "" || !isStorableText(email) ? undefined : await users.userByEmail(knex, email);
      dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
      const ok = await verify(user?.passwordHash ?? (await dummyHash), password).catch(() => false);
      if (!user || !ok || !user.active) {
        await attempts.recordFailure(accountKey, address);
        throw new LoginError("Hibás e-mail-cím vagy jelszó.", 401);
      }
      await attempts.forgetAccount(accountKey);
      return user;
    },

    /** Sets a new password; every other login session of the user ends (`currentSid` stays signed in). */
    async changePassword(userId: number, current: string, next: string, confirmation: string, currentSid: string | null = null): Promise<void> {
      const user = await users.userById(knex, userId);
      if (!user) throw new NotFoundError("Nincs ilyen felhasználó.");
      const errors: ValidationError[] = [];
      if (!(await verify(user.passwordHash, current).catch(() => false))) errors.push(new ValidationError("nem ez a jelenlegi jelszó", "current"));
      try {
        checkNewPassword(next, "password");
      } catch (error) {
        errors.push(error as ValidationError);
      }
      if (next !== confirmation) errors.push(new ValidationError("nem egyezik az új jelszóval", "confirmation"));
      if (next === current && errors.length === 0) errors.push(new ValidationError("az új jelszó nem lehet azonos a régivel", "password"));
      if (errors.length > 0) throw new ValidationErrors(errors);
      const passwordHash = await hashPassword(next);
      await auditedTransaction(knex, async (trx, audit) => {
        await users.updateUser(trx, user.id, { passwordHash, mustChangePassword: false });
        await users.endSessions(trx, user.id, currentSid);
        await audit.add(audited({ label: user.email, userId: user.id, roles: user.roles, projectIds: null }, "update", user, { password: ["(rejtett)", "(új jelszó)"] }));
      });
    },

    /**
     * Replaces a forgotten (or compromised) password with a one-time one, returned to show once. Whoever held
     * the account is shut out: its login sessions end and its API tokens are revoked.
     */
    async resetPassword(actor: Actor, emailInput: string): Promise<string> {
      if (!may(actor, "manage_users")) throw new ForbiddenError("Jelszót csak adminisztrátor állíthat vissza.");
      const user = await users.userByEmail(knex, normaliseEmail(emailInput));
      if (!user) throw new NotFoundError(`Nincs felhasználó ezzel az e-mail-címmel: ${emailInput}`);
      const oneTimePassword = newSecret("");
      const passwordHash = await hashPassword(oneTimePassword);
      await auditedTransaction(knex, async (trx, audit) => {
        await users.updateUser(trx, user.id, { passwordHash, mustChangePassword: true });
        await users.endSessions(trx, user.id);
        const revoked = await users.revokeAllTokens(trx, user.id);
        await audit.add(audited(actor, "update", user, { password: ["(rejtett)", "(egyszer használatos)"], revoked_tokens: [null, String(revoked)] }));
      });
      return oneTimePassword;
    },

    async user(userId: number): Promise<users.StoredUser | undefined> {
      return users.userById(knex, userId);
    },

    async list(actor: Actor): Promise<users.StoredUser[]> {
      if (!may(actor, "manage_users")) throw new ForbiddenError("A felhasználók listáját csak adminisztrátor látja.");
      return users.listUsers(knex);
    },

    /** The user as an actor (roles and project scope), or undefined when the account is gone or disabled. */
    async actorFor(userId: number): Promise<Actor | undefined> {
      const user = await users.userById(knex, userId);
      return user && user.active ? actorOf(user) : undefined;
    },

    async assign(actor: Actor, email: string, projectKey: string): Promise<boolean> {
      if (!may(actor, "manage_users")) throw new ForbiddenError("Projektet csak adminisztrátor rendelhet felhasználóhoz.");
      const user = await users.userByEmail(knex, normaliseEmail(email));
      if (!user) throw new NotFoundError(`Nincs felhasználó ezzel az e-mail-címmel: ${email}`);
      const lookup = readProjectKey(projectKey);
      const projectId = lookup ? await findIdByKey(knex, lookup) : undefined;
      if (projectId === undefined) throw new NotFoundError(`Nincs ilyen projekt: ${projectKey}`);
      return auditedTransaction(knex, async (trx, audit) => {
        const added = await users.assignProject(trx, user.id, projectId);
        if (added) await audit.add(audited(actor, "update", user, { assigned_project: [null, projectKey] }));
        return added;
      });
    },

    /** A new API token for the user; the token itself is shown once and only its hash is kept. */
    async createToken(userId: number, name: string): Promise<string> {
      if (name.trim() === "") throw new ValidationErrors([new ValidationError("kötelező mező, hiányzik", "name")]);
      try {
        checkStorableText(name, "name");
      } catch (error) {
        throw new ValidationErrors([error as ValidationError]);
      }
      const token = newSecret(TOKEN_PREFIX);
      await users.insertToken(knex, userId, name.trim(), sha256(token));
      return token;
    },

    async tokens(userId: number) {
      return users.tokensOf(knex, userId);
    },

    async revokeToken(userId: number, tokenId: number): Promise<void> {
      if (!(await users.revokeToken(knex, userId, tokenId))) throw new NotFoundError("Nincs ilyen élő token.");
    },

    /**
     * Changes a user's roles, restriction to assigned projects, or whether the account may log in at all.
     * Disabling ends the user's sessions; their tokens stop working with the account.
     */
    async updateAccess(
      actor: Actor,
      emailInput: string,
      change: { roles?: readonly string[]; restrictedToAssigned?: boolean; active?: boolean },
    ): Promise<users.StoredUser> {
      if (!may(actor, "manage_users")) throw new ForbiddenError("Szerepkört és hozzáférést csak adminisztrátor módosíthat.");
      const user = await users.userByEmail(knex, normaliseEmail(emailInput));
      if (!user) throw new NotFoundError(`Nincs felhasználó ezzel az e-mail-címmel: ${emailInput}`);
      let roles: Role[] | undefined;
      if (change.roles !== undefined) {
        try {
          roles = parseRoles(change.roles, "roles");
        } catch (error) {
          throw new ValidationErrors([error as ValidationError]);
        }
      }
      if (change.active === false && actor.userId === user.id) {
        throw new ValidationErrors([new ValidationError("a saját fiókját nem tilthatja le", "active")]);
      }
      const fields: FieldChanges = {};
      if (roles !== undefined && roles.join() !== user.roles.join()) fields.roles = [user.roles, roles];
      if (change.restrictedToAssigned !== undefined && change.restrictedToAssigned !== user.restrictedToAssigned) {
        fields.restricted_to_assigned = [user.restrictedToAssigned, change.restrictedToAssigned];
      }
      if (change.active !== undefined && change.active !== user.active) fields.active = [user.active, change.active];
      if (Object.keys(fields).length === 0) return user;
      await auditedTransaction(knex, async (trx, audit) => {
        await users.updateUser(trx, user.id, { roles, restrictedToAssigned: change.restrictedToAssigned, active: change.active });
        if (change.active === false) await users.endSessions(trx, user.id);
        await audit.add(audited(actor, "update", user, fields));
      });
      return (await users.userById(knex, user.id))!;
    },

    /** An active user, by e-mail address, as an actor (for a command run on their behalf). */
    async actorForEmail(email: string): Promise<Actor> {
      const user = await users.userByEmail(knex, normaliseEmail(email));
      if (!user || !user.active) throw new NotFoundError(`Nincs aktív felhasználó ezzel az e-mail-címmel: ${email}`);
      return actorOf(user);
    },

    /** The owner of a bearer token as an actor, or undefined for an unknown or revoked token. */
    async actorForToken(token: string): Promise<Actor | undefined> {
      if (!token.startsWith(TOKEN_PREFIX)) return undefined;
      const userId = await users.userIdForToken(knex, sha256(token));
      if (userId === undefined) return undefined;
      const user = await users.userById(knex, userId);
      return user && user.active ? actorOf(user) : undefined;
    },

    /** A new secret calendar key (the old one stops working); shown once. */
    async renewCalendarKey(userId: number): Promise<string> {
      const key = newSecret("");
      await users.setCalendarKeyHash(knex, userId, sha256(key));
      return key;
    },

    async revokeCalendarKey(userId: number): Promise<void> {
      await users.setCalendarKeyHash(knex, userId, null);
    },

    async hasCalendarKey(userId: number): Promise<boolean> {
      return users.hasCalendarKey(knex, userId);
    },

    async actorForCalendarKey(key: string): Promise<Actor | undefined> {
      const userId = await users.userIdForCalendarKey(knex, sha256(key));
      return userId === undefined ? undefined : this.actorFor(userId);
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
