/** Rules for accounts: e-mail addresses, roles as people write them, passwords. */
import { ValidationError } from "../errors.js";
import { checkStorableText } from "./text.js";
import { ROLES, type Role } from "./permissions.js";

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** An e-mail address as stored: trimmed, lower case, one @ with something on both sides. */
export function normaliseEmail(input: string, path = "email"): string {
  const email = input.trim().toLowerCase();
  checkStorableText(email, path);
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new ValidationError("nem e-mail-cím (például: anna.kovacs@pest.gov.hu)", path);
  return email;
}

/** Role names as the command line and forms give them: the code or the Hungarian name. */
const ROLE_WORDS: Record<string, Role> = {
  admin: "admin",
  adminisztrator: "admin",
  project_manager: "project_manager",
  projektmenedzser: "project_manager",
  pm: "project_manager",
  communication: "communication",
  kommunikacio: "communication",
  auditor: "auditor",
  ellenor: "auditor",
};

const plain = (word: string) => word.normalize("NFD").replace(/\p{M}/gu, "").trim().toLowerCase();

export function parseRoles(words: readonly string[], path = "roles"): Role[] {
  const roles = new Set<Role>();
  for (const word of words.flatMap((w) => w.split(","))) {
    if (word.trim() === "") continue;
    const role = ROLE_WORDS[plain(word)];
    if (!role) throw new ValidationError(`ismeretlen szerepkör: „${word.trim()}”; lehet: admin, projektmenedzser, kommunikacio, auditor`, path);
    roles.add(role);
  }
  if (roles.size === 0) throw new ValidationError("legalább egy szerepkör kell", path);
  return ROLES.filter((r) => roles.has(r));
}

/** A new password must be long enough to resist guessing; length beats composition rules. */
export function checkNewPassword(password: string, path = "password"): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new ValidationError(`legalább ${MIN_PASSWORD_LENGTH} karakter legyen`, path);
  }
  if (password.length > MAX_PASSWORD_LENGTH) throw new ValidationError(`legfeljebb ${MAX_PASSWORD_LENGTH} karakter lehet`, path);
}

/** Project managers always, and communication staff when their organisation wants it, act only on assigned projects. */
export function limitedToAssigned(roles: readonly Role[], restrictedToAssigned: boolean): boolean {
  if (roles.includes("admin") || roles.includes("auditor")) return false;
  if (roles.includes("project_manager")) return true;
  return restrictedToAssigned;
}
