/**
 * Who is asking: the signed-in user (session) for pages, the owner of a
 * bearer token for API writes. Route guards name the action a route needs
 * (server/domain/permissions.ts); the guard's action is kept on the handler
 * so that the permission table and its test read it from the routes themselves.
 */
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { ACTION_ROLES, hasRole, inScope, PROJECT_BOUND, type Action, type Actor } from "../domain/permissions.js";
import { roleNames, USER_ROLE_LABELS } from "../presenters/labels.js";
import type { Services } from "../services/index.js";
import { provideCsrfToken } from "./csrf.js";
import { loginExpired } from "./session.js";

export const LOGIN_PATH = "/belepes";
export const PASSWORD_PATH = "/kezelo/jelszo";

/** The signed-in actor of this request; throws when a route forgot its guard. */
export function actorOf(res: Response): Actor {
  const actor = res.locals.actor as Actor | undefined;
  if (!actor) throw new Error("actorOf() on a route without a guard");
  return actor;
}

/** Loads the session's user as res.locals.actor (and a view of them for the layout); ends lapsed sessions. */
export function loadSessionUser({ accounts }: Services): RequestHandler {
  return async (req, res, next) => {
    const userId = req.session?.userId;
    if (userId === undefined) return next();
    const actor = loginExpired(req.session.signedInAt) ? undefined : await accounts.actorFor(userId);
    if (!actor) {
      await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
      return next();
    }
    res.locals.actor = actor;
    res.locals.currentUser = {
      email: actor.label,
      roles: actor.roles.map((r) => USER_ROLE_LABELS[r]).join(", "),
      admin: actor.roles.includes("admin"),
      reviewer: hasRole(actor, ACTION_ROLES.review_funding),
    };
    // Signed-in users have a session anyway: every page they see can carry forms (the logout button at least).
    provideCsrfToken(req, res, () => undefined);
    if (req.session.mustChangePassword && req.path !== PASSWORD_PATH && req.path !== "/kilepes") {
      return res.redirect(303, PASSWORD_PATH);
    }
    next();
  };
}

/** Only a relative path on this site is a place to return to after login. */
export function safeReturnPath(value: unknown): string | null {
  return typeof value === "string" && /^\/(?![/\\])/.test(value) && !/[\r\n]/.test(value) ? value : null;
}

export type GuardedHandler = RequestHandler & { action: Action; token?: boolean };

/** A page guard: not signed in → the login page (coming back here after), wrong role → 403 naming the role. */
export function requireAction(action: Action): GuardedHandler {
  const guard = ((req: Request, res: Response, next: NextFunction) => {
    const actor = res.locals.actor as Actor | undefined;
    if (!actor) {
      const back = req.method === "GET" ? req.originalUrl : "/kezelo";
      return res.redirect(303, `${LOGIN_PATH}?${new URLSearchParams({ vissza: back })}`);
    }
    if (!hasRole(actor, ACTION_ROLES[action])) {
      res.status(403).render("pages/error.hbs", {
        pageTitle: "Nincs jogosultság",
        heading: "Nincs jogosultsága ehhez az oldalhoz",
        message: `Ehhez ${roleNames(ACTION_ROLES[action])} szerepkör kell.`,
      });
      return;
    }
    next();
  }) as GuardedHandler;
  guard.action = action;
  return guard;
}

/**
 * An API guard: the owner of a valid `Authorization: Bearer` token, with the role the action needs and, for an
 * action on a project (`:key`), the project in their scope — checked before the request body is even read.
 */
export function requireToken({ accounts, projects }: Services, action: Action): GuardedHandler {
  const guard = (async (req: Request, res: Response, next: NextFunction) => {
    const match = /^Bearer (\S+)$/.exec(req.get("authorization") ?? "");
    const actor = match ? await accounts.actorForToken(match[1]!) : undefined;
    if (!actor) {
      res.set("WWW-Authenticate", 'Bearer realm="projekttar"');
      res.status(401).json({ error: { message: match ? "Érvénytelen vagy visszavont API-token." : "API-token kell: Authorization: Bearer <token>." } });
      return;
    }
    res.set("Cache-Control", "no-store");
    if (!hasRole(actor, ACTION_ROLES[action])) {
      const roles = roleNames(ACTION_ROLES[action]);
      res.status(403).json({ error: { message: `Ehhez ${roles} szerepkör kell.` } });
      return;
    }
    if (PROJECT_BOUND.has(action) && req.params.key !== undefined) {
      const projectId = await projects.idOf(String(req.params.key));
      if (projectId !== undefined && !inScope(actor, projectId)) {
        res.status(403).json({ error: { message: "Ezt a projektet nem módosíthatja: nincs hozzá rendelve." } });
        return;
      }
    }
    res.locals.actor = actor;
    next();
  }) as GuardedHandler;
  guard.action = action;
  guard.token = true;
  return guard;
}
