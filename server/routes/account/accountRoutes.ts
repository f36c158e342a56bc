/** Logging in and out, setting a password, and the user's own profile: API tokens and the calendar key. */
import { Router, type Request } from "express";
import { MIN_PASSWORD_LENGTH } from "../../domain/accounts.js";
import { ValidationErrors } from "../../errors.js";
import { actorOf, LOGIN_PATH, PASSWORD_PATH, requireAction, safeReturnPath } from "../../middleware/auth.js";
import { provideCsrfToken } from "../../middleware/csrf.js";
import { USER_ROLE_LABELS } from "../../presenters/labels.js";
import { formatDayOfMoment } from "../../rendering/dates.js";
import { LoginError } from "../../services/accountService.js";
import type { Services } from "../../services/index.js";

const PASSWORD_LABELS: Record<string, string> = { current: "Jelenlegi jelszó", password: "Új jelszó", confirmation: "Új jelszó még egyszer" };

const field = (req: Request, name: string) => {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === "string" ? value : "";
};

/** Renews the session id (so an id planted before login is worthless) and signs the user in. */
function signIn(req: Request, userId: number, mustChangePassword: boolean): Promise<void> {
  return new Promise((resolve, reject) =>
    req.session.regenerate((error) => {
      if (error) return reject(error);
      req.session.userId = userId;
      req.session.signedInAt = Date.now();
      req.session.mustChangePassword = mustChangePassword;
      req.session.save((saveError) => (saveError ? reject(saveError) : resolve()));
    }),
  );
}

export function accountRoutes(services: Services): Router {
  const { accounts, settings } = services;
  const router = Router();

  router.get(LOGIN_PATH, provideCsrfToken, (req, res) => {
    if (res.locals.actor) return res.redirect(303, safeReturnPath(req.query.vissza) ?? "/kezelo");
    res.render("pages/account/login.hbs", {
      pageTitle: "Belépés",
      returnTo: safeReturnPath(req.query.vissza) ?? "",
      signedOut: req.query.kilepett === "1",
    });
  });

  router.post(LOGIN_PATH, async (req, res) => {
    const email = field(req, "email");
    const returnTo = safeReturnPath(field(req, "vissza"));
    try {
      const user = await accounts.authenticate(email, field(req, "password"), req.ip ?? "unknown");
      await signIn(req, user.id, user.mustChangePassword);
      res.redirect(303, user.mustChangePassword ? PASSWORD_PATH : (returnTo ?? "/kezelo"));
    } catch (error) {
      if (!(error instanceof LoginError)) throw error;
      // Who tried is worth knowing (the address and the e-mail typed); the password never is.
      req.log.warn({ event: "login_failed", status: error.status, ip: req.ip, email }, "login refused");
      if (error.retryAfter !== null) res.set("Retry-After", String(error.retryAfter));
      res.status(error.status).render("pages/account/login.hbs", {
        pageTitle: "Belépés",
        csrfToken: req.csrfToken?.() ?? "",
        email,
        returnTo: returnTo ?? "",
        errors: [{ field: "email", label: "Belépés", message: error.message }],
      });
    }
  });

  router.post("/kilepes", (req, res, next) => {
    req.session.destroy((error) => {
      if (error) return next(error);
      res.clearCookie("projekttar.sid");
      res.redirect(303, `${LOGIN_PATH}?kilepett=1`);
    });
  });

  const passwordPage = (req: Request, extra: object = {}) => ({
    pageTitle: "Új jelszó",
    forced: req.session.mustChangePassword === true,
    minLength: MIN_PASSWORD_LENGTH,
    ...extra,
  });

  router.get(PASSWORD_PATH, requireAction("read_own_account"), provideCsrfToken, (req, res) => {
    res.render("pages/account/password.hbs", passwordPage(req));
  });

  router.post(PASSWORD_PATH, requireAction("read_own_account"), async (req, res) => {
    try {
      await accounts.changePassword(actorOf(res).userId!, field(req, "current"), field(req, "password"), field(req, "confirmation"), req.sessionID);
    } catch (error) {
      if (!(error instanceof ValidationErrors)) throw error;
      const errors = error.errors.map((e) => ({ field: e.path, label: PASSWORD_LABELS[e.path] ?? e.path, message: e.rawMessage() }));
      res.status(400).render(
        "pages/account/password.hbs",
        passwordPage(req, { csrfToken: req.csrfToken?.() ?? "", errors, fieldErrors: Object.fromEntries(errors.map((e) => [e.field, e.message])) }),
      );
      return;
    }
    req.session.mustChangePassword = false;
    res.redirect(303, "/kezelo");
  });

  async function profile(req: Request, userId: number, extra: object = {}) {
    const user = (await accounts.user(userId))!;
    const actor = (await accounts.actorFor(userId))!;
    const tokens = await accounts.tokens(userId);
    return {
      pageTitle: "Profil",
      user: {
        name: user.name,
        email: user.email,
        roles: user.roles.map((r) => USER_ROLE_LABELS[r]).join(", "),
        scope: actor.projectIds === null ? "minden projekt" : `${actor.projectIds.size} hozzá rendelt projekt`,
      },
      tokens: tokens.map((t) => ({
        id: t.id,
        name: t.name,
        createdAt: formatDayOfMoment(t.createdAt),
        lastUsedAt: t.lastUsedAt ? formatDayOfMoment(t.lastUsedAt) : "–",
        revokedAt: t.revokedAt ? formatDayOfMoment(t.revokedAt) : null,
      })),
      hasCalendar: await accounts.hasCalendarKey(userId),
      csrfToken: req.csrfToken?.() ?? "",
      ...extra,
    };
  }

  router.get("/kezelo/profil", requireAction("read_own_account"), provideCsrfToken, async (req, res) => {
    res.render("pages/account/profile.hbs", await profile(req, actorOf(res).userId!));
  });

  router.post("/kezelo/profil/tokenek", requireAction("read_own_account"), async (req, res) => {
    const userId = actorOf(res).userId!;
    const name = field(req, "name").slice(0, 100);
    try {
      const token = await accounts.createToken(userId, name);
      // Shown once, on this response only: never stored, never in a URL.
      res.set("Cache-Control", "no-store");
      res.status(201).render("pages/account/profile.hbs", await profile(req, userId, { newToken: { name: name.trim(), value: token } }));
    } catch (error) {
      if (!(error instanceof ValidationErrors)) throw error;
      res.status(400).render(
        "pages/account/profile.hbs",
        await profile(req, userId, { tokenName: name, errors: [{ field: "name", label: "Az új token neve", message: error.errors[0]!.rawMessage() }] }),
      );
    }
  });

  router.post("/kezelo/profil/tokenek/:id/visszavonas", requireAction("read_own_account"), async (req, res) => {
    const id = /^\d{1,15}$/.test(String(req.params.id)) ? Number(req.params.id) : -1;
    await accounts.revokeToken(actorOf(res).userId!, id);
    res.redirect(303, "/kezelo/profil#tokenek");
  });

  router.post("/kezelo/profil/naptar", requireAction("read_own_account"), async (req, res) => {
    const userId = actorOf(res).userId!;
    const key = await accounts.renewCalendarKey(userId);
    res.set("Cache-Control", "no-store");
    res.render("pages/account/profile.hbs", await profile(req, userId, { calendarUrl: `${settings.publicBaseUrl}/naptar/${key}.ics` }));
  });

  router.post("/kezelo/profil/naptar/visszavonas", requireAction("read_own_account"), async (_req, res) => {
    await accounts.revokeCalendarKey(actorOf(res).userId!);
    res.redirect(303, "/kezelo/profil#naptar");
  });

  return router;
}
