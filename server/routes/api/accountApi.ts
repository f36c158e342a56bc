/** `GET /api/v1/me`: whose token this is and what it may do; a script's first check. */
import { Router } from "express";
import { actorOf, requireToken } from "../../middleware/auth.js";
import type { Services } from "../../services/index.js";

export function accountApi(services: Services): Router {
  const router = Router();
  router.get("/api/v1/me", requireToken(services, "read_own_account"), async (_req, res) => {
    const actor = actorOf(res);
    // The projects a limited user acts on, by the keys the API's URLs take.
    const projects = actor.projectIds === null ? "all" : await services.projects.keysOf([...actor.projectIds]);
    res.json({ email: actor.label, roles: actor.roles, projects });
  });
  return router;
}
