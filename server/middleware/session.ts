/**
 * Login sessions: a cookie holding only a random id (HttpOnly, SameSite=Lax,
 * Secure when the request came over HTTPS), and the session itself in the
 * database through knex, so every app instance serves every user. A session
 * lapses after IDLE_MINUTES without a request and ABSOLUTE_HOURS after login.
 */
import session, { type Store } from "express-session";
import type { RequestHandler } from "express";

export const SESSION_COOKIE = "projekttar.sid";
export const IDLE_MINUTES = 30;
export const ABSOLUTE_HOURS = 10;

declare module "express-session" {
  interface SessionData {
    userId: number;
    /** When the user logged in (ms since epoch): the absolute timeout counts from here. */
    signedInAt: number;
    /** Logged in with a one-time password: nothing but setting a new one is allowed. */
    mustChangePassword: boolean;
  }
}

export function sessions(store: Store, secret: string): RequestHandler {
  return session({
    name: SESSION_COOKIE,
    secret,
    store,
    resave: false,
    // No session (and no row) for visitors who never log in or open a form.
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: "lax", secure: "auto", maxAge: IDLE_MINUTES * 60_000 },
  });
}

/** True when the session's login is older than the absolute limit. */
export const loginExpired = (signedInAt: number | undefined, now = Date.now()) =>
  signedInAt === undefined || now - signedInAt > ABSOLUTE_HOURS * 3_600_000;
