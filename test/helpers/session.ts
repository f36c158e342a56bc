/** Signing in as a user of a given role, through the real login form, for route tests. */
import supertest from "supertest";
import type { Role } from "../../server/domain/permissions.js";
import { systemActor } from "../../server/domain/permissions.js";
import type { testApp } from "./app.js";

export const TEST_PASSWORD = "helyes-ló-elem-kapocs";
let serial = 0;

/** The `_csrf` value of the first form on a page. */
export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error("the page has no form with a CSRF token");
  return match[1]!;
}

export interface SignedIn {
  agent: ReturnType<typeof supertest.agent>;
  csrfToken: string;
  email: string;
  userId: number;
}

/** Creates a user with these roles (assigned to these project ids), logs in through /belepes and returns the session. */
export async function signedIn(
  app: ReturnType<typeof testApp>,
  { roles, projects = [], restrictedToAssigned = false }: { roles: Role[]; projects?: number[]; restrictedToAssigned?: boolean },
): Promise<SignedIn> {
  const email = `${roles.join("-").replace(/_/g, "")}${++serial}.${process.pid}@example.hu`;
  const { user } = await app.services.accounts.create(systemActor("test"), {
    email,
    name: `Teszt ${roles.join(" ")} ${serial}`,
    roles,
    password: TEST_PASSWORD,
    restrictedToAssigned,
  });
  for (const id of projects) await app.services.accounts.assign(systemActor("test"), email, String(id));
  const agent = supertest.agent(app.app);
  const login = await agent.get("/belepes").expect(200);
  await agent.post("/belepes").type("form").send({ _csrf: csrfOf(login.text), email, password: TEST_PASSWORD }).expect(303);
  // Login renews the session, and with it the token: read the new one.
  const profile = await agent.get("/kezelo/profil").expect(200);
  return { agent, csrfToken: csrfOf(profile.text), email, userId: user.id };
}
