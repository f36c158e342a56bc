/**
 * Every route the app serves, with the action its guard asks for, read from
 * the app itself: the README's permission table and the permission test both
 * come from here, so neither can miss a route or disagree with the code.
 */
import type express from "express";
import { ACTION_ROLES, PROJECT_BOUND, ROLES, type Action } from "../domain/permissions.js";
import type { GuardedHandler } from "../middleware/auth.js";

export interface RouteEntry {
  method: string;
  path: string;
  /** null: open to everyone (public pages, the login form, the public API). */
  action: Action | null;
  /** Signed in by a bearer token (API writes) rather than the session cookie. */
  token: boolean;
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean>; stack: Array<{ handle: Partial<GuardedHandler> & { token?: boolean } }> };
  handle?: { stack?: Layer[] };
}

export function routeTable(app: express.Express): RouteEntry[] {
  const entries: RouteEntry[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const guard = layer.route.stack.find((s) => s.handle.action !== undefined)?.handle;
        for (const method of Object.keys(layer.route.methods).filter((m) => m !== "_all")) {
          entries.push({ method: method.toUpperCase(), path: layer.route.path, action: guard?.action ?? null, token: guard?.token === true });
        }
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return entries;
}

const ROLE_HEADINGS = { admin: "admin", project_manager: "projektmenedzser", communication: "kommunikáció", auditor: "auditor" } as const;

/** The permission table as Markdown, for the README. */
export function permissionTableMarkdown(entries: readonly RouteEntry[]): string {
  const lines = [
    `| útvonal | névtelen | ${ROLES.map((r) => ROLE_HEADINGS[r]).join(" | ")} |`,
    `|---|---|${ROLES.map(() => "---").join("|")}|`,
  ];
  for (const e of entries) {
    const cells = ROLES.map((role) => {
      if (e.action === null) return "✓";
      if (!ACTION_ROLES[e.action].includes(role)) return "—";
      if (!PROJECT_BOUND.has(e.action)) return "✓";
      // Project managers act on their assigned projects; communication staff too where the organisation restricts them.
      return role === "project_manager" ? "✓ saját projekt" : role === "communication" ? "✓*" : "✓";
    });
    const via = e.token ? " (API-token)" : "";
    lines.push(`| \`${e.method} ${e.path}\`${via} | ${e.action === null ? "✓" : "—"} | ${cells.join(" | ")} |`);
  }
  return lines.join("\n");
}
