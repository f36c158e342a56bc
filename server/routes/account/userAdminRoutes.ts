/** Admins manage accounts: the list, a new user (with a one-time password shown once), assignments, resets. */
import { Router, type Request, type Response } from "express";
import { ROLES } from "../../domain/permissions.js";
import { NotFoundError, ValidationError, ValidationErrors } from "../../errors.js";
import { actorOf, requireAction } from "../../middleware/auth.js";
import { USER_ROLE_LABELS } from "../../presenters/labels.js";
import type { Services } from "../../services/index.js";

const FIELD_LABELS: Record<string, string> = { email: "E-mail-cím", name: "Név", roles: "Szerepkör", project: "Projekt", active: "Beléphet" };

const text = (req: Request, name: string) => {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === "string" ? value : "";
};
const checked = (req: Request, name: string): string[] => {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return Array.isArray(value) ? value.map(String) : typeof value === "string" ? [value] : [];
};

const errorsView = (errors: ValidationError[]) => errors.map((e) => ({ field: e.path, label: FIELD_LABELS[e.path] ?? e.path, message: e.rawMessage() }));

export function userAdminRoutes({ accounts }: Services): Router {
  const router = Router();
  const guard = requireAction("manage_users");

  const roleOptions = (selected: string[]) => ROLES.map((r) => ({ value: r, label: USER_ROLE_LABELS[r], checked: selected.includes(r) }));

  /** The user list; `errors` when an assignment made on it was refused. */
  async function renderUsers(res: Response, errors: Array<{ field: string; label: string; message: string }> = []) {
    const users = await accounts.list(actorOf(res));
    res.status(errors.length > 0 ? 400 : 200).render("pages/account/users.hbs", {
      pageTitle: `${errors.length > 0 ? "Hiba: " : ""}Felhasználók`,
      errors,
      users: users.map((u) => ({
        id: u.id,
        email: u.email,
        name: u.name,
        roles: u.roles.map((r) => USER_ROLE_LABELS[r]).join(", "),
        restricted: u.restrictedToAssigned,
        mustChangePassword: u.mustChangePassword,
        active: u.active,
      })),
    });
  }

  router.get("/kezelo/felhasznalok", guard, async (_req, res) => renderUsers(res));

  router.get("/kezelo/felhasznalok/uj", guard, (_req, res) => {
    res.render("pages/account/newUser.hbs", { pageTitle: "Új felhasználó", roles: roleOptions([]) });
  });

  router.post("/kezelo/felhasznalok/uj", guard, async (req, res) => {
    const typed = { email: text(req, "email"), name: text(req, "name"), restricted: text(req, "restricted") === "1" };
    const selected = checked(req, "roles");
    try {
      const { user, oneTimePassword } = await accounts.create(actorOf(res), { ...typed, roles: selected, restrictedToAssigned: typed.restricted });
      res.set("Cache-Control", "no-store");
      res.status(201).render("pages/account/oneTimePassword.hbs", { pageTitle: "Új felhasználó", email: user.email, oneTimePassword, created: true });
    } catch (error) {
      if (!(error instanceof ValidationErrors)) throw error;
      res.status(400).render("pages/account/newUser.hbs", { pageTitle: "Új felhasználó", typed, roles: roleOptions(selected), errors: errorsView(error.errors) });
    }
  });

  /** The e-mail address of the user an admin route names by id. */
  const emailOf = async (req: Request) => (await userOf(req)).email;

  async function userOf(req: Request) {
    const id = String(req.params.id);
    const user = /^\d{1,15}$/.test(id) ? await accounts.user(Number(id)) : undefined;
    if (!user) throw new NotFoundError("Nincs ilyen felhasználó.");
    return user;
  }

  const editView = (user: Awaited<ReturnType<typeof userOf>>, selected: string[], extra: object = {}) => ({
    pageTitle: `${user.name} – hozzáférés`,
    user: { id: user.id, name: user.name, email: user.email, restricted: user.restrictedToAssigned, active: user.active },
    roles: roleOptions(selected),
    ...extra,
  });

  router.get("/kezelo/felhasznalok/:id", guard, async (req, res) => {
    const user = await userOf(req);
    res.render("pages/account/editUser.hbs", editView(user, user.roles));
  });

  router.post("/kezelo/felhasznalok/:id", guard, async (req, res) => {
    const user = await userOf(req);
    const selected = checked(req, "roles");
    try {
      await accounts.updateAccess(actorOf(res), user.email, {
        roles: selected,
        restrictedToAssigned: text(req, "restricted") === "1",
        active: text(req, "active") === "1",
      });
    } catch (error) {
      if (!(error instanceof ValidationErrors)) throw error;
      res.status(400).render("pages/account/editUser.hbs", editView(user, selected, { errors: errorsView(error.errors) }));
      return;
    }
    res.redirect(303, "/kezelo/felhasznalok");
  });

  router.post("/kezelo/felhasznalok/:id/hozzarendeles", guard, async (req, res) => {
    const user = await userOf(req);
    try {
      await accounts.assign(actorOf(res), user.email, text(req, "project").trim());
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      await renderUsers(res, [{ field: `project-${user.id}`, label: `${FIELD_LABELS.project} (${user.email})`, message: error.message }]);
      return;
    }
    res.redirect(303, "/kezelo/felhasznalok");
  });

  router.post("/kezelo/felhasznalok/:id/jelszo", guard, async (req, res) => {
    const email = await emailOf(req);
    const oneTimePassword = await accounts.resetPassword(actorOf(res), email);
    res.set("Cache-Control", "no-store");
    res.render("pages/account/oneTimePassword.hbs", { pageTitle: "Új jelszó", email, oneTimePassword, created: false });
  });

  return router;
}
