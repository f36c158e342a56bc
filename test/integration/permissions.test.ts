/**
 * The permission walk: every route the app serves, as every role, as a
 * project manager not assigned to the project, and as nobody, checked
 * against the one permission table (server/domain/permissions.ts) — the
 * same table the README shows, which must be up to date.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { expect } from "chai";
import supertest from "supertest";
import { ACTION_ROLES, PROJECT_BOUND, ROLES, systemActor, type Role } from "../../server/domain/permissions.js";
import { permissionTableMarkdown, routeTable, type RouteEntry } from "../../server/routes/routeTable.js";
import { loadTestPortfolio, testApp } from "../helpers/app.js";
import { useTestDatabase } from "../helpers/database.js";
import { csrfOf, signedIn } from "../helpers/session.js";

interface Visitor {
  name: string;
  roles: Role[] | null;
  /** Assigned to the project the walk uses. */
  assigned: boolean;
  agent: ReturnType<typeof supertest.agent>;
  csrfToken: string;
  token: string | null;
}

/**
 * Routes the walk leaves to their own tests (auth.test.ts): logging out would end the shared sessions, and the
 * login form's 401 is an answer about the credentials sent, not about who may ask.
 */
const NOT_WALKED = new Set(["POST /kilepes", "POST /belepes"]);

describe("permissions: every route as every role", function () {
  this.timeout(300_000);
  const context = useTestDatabase();
  let app: ReturnType<typeof testApp>;
  let entries: RouteEntry[];
  let projectKey: string;
  /** The user `:id` names: one of no visitor's own, so that admin actions on it (a reset) leave the walk's sessions alone. */
  let targetId: number;
  const visitors: Visitor[] = [];

  before(async () => {
    app = testApp(context.db);
    await loadTestPortfolio(app.services);
    entries = routeTable(app.app);
    const [project] = (await app.services.projects.list({}, { limit: 1, offset: 0 })).items;
    projectKey = project!.identifier ?? String(project!.id);
    targetId = (await app.services.accounts.create(systemActor("test"), { email: "cel@example.hu", name: "Cél Felhasználó", roles: ["auditor"] })).user.id;
    const anonymous = supertest.agent(app.app);
    visitors.push({ name: "névtelen", roles: null, assigned: false, agent: anonymous, csrfToken: csrfOf((await anonymous.get("/belepes")).text), token: null });
    const cases: Array<[string, Role[], boolean]> = [
      ...ROLES.map((r): [string, Role[], boolean] => [r, [r], true]),
      ["project_manager (nincs hozzá rendelve)", ["project_manager"], false],
      ["communication (korlátozott, nincs hozzá rendelve)", ["communication"], false],
    ];
    for (const [name, roles, assigned] of cases) {
      const restricted = name.includes("korlátozott");
      const session = await signedIn(app, { roles, projects: assigned ? [project!.id] : [], restrictedToAssigned: restricted });
      const token = await app.services.accounts.createToken(session.userId, "bejárás");
      visitors.push({ name, roles, assigned, agent: session.agent, csrfToken: session.csrfToken, token });
    }
  });

  const urlOf = (route: string) =>
    route.replace(/:(\w+)/g, (_, name: string) => (name === "key" ? encodeURIComponent(projectKey) : name === "id" ? String(targetId) : "1"));

  function expected(entry: RouteEntry, visitor: Visitor): "open" | "login" | "forbidden" {
    if (entry.action === null) return "open";
    if (visitor.roles === null) return "login";
    if (!visitor.roles.some((r) => ACTION_ROLES[entry.action!].includes(r))) return "forbidden";
    const limited = visitor.roles.includes("project_manager") || visitor.name.includes("korlátozott");
    if (PROJECT_BOUND.has(entry.action) && entry.path.includes(":key") && limited && !visitor.assigned) return "forbidden";
    return "open";
  }

  it("answers each route as the permission table says", async () => {
    const wrong: string[] = [];
    for (const entry of entries) {
      const route = `${entry.method} ${entry.path}`;
      if (NOT_WALKED.has(route)) continue;
      for (const visitor of visitors) {
        const url = urlOf(entry.path);
        let req = entry.token ? supertest(app.app)[entry.method.toLowerCase() as "get"](url) : visitor.agent[entry.method.toLowerCase() as "get"](url);
        if (entry.token && visitor.token) req = req.set("Authorization", `Bearer ${visitor.token}`);
        if (entry.method !== "GET") req = req.type("form").send({ _csrf: visitor.csrfToken });
        const res = await req;
        const toLogin = res.status === 303 && String(res.headers.location).startsWith("/belepes");
        const got = res.status === 401 || toLogin ? "login" : res.status === 403 ? "forbidden" : "open";
        const want = expected(entry, visitor);
        if (got !== want) wrong.push(`${route} as ${visitor.name}: expected ${want}, got ${res.status}${toLogin ? " → login" : ""}`);
        if (got === "forbidden" && !entry.token) expect(res.text, `${route} as ${visitor.name}`).to.match(/szerepkör|projekt/);
      }
    }
    expect(wrong).to.deep.equal([]);
  });

  it("is the table the README shows", async () => {
    const readme = await fs.readFile(path.join(import.meta.dirname, "..", "..", "README.md"), "utf8");
    expect(readme, "README.md is out of date: paste the output of `npm run -s permissions`").to.include(permissionTableMarkdown(entries));
  });
});
