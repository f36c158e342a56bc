/** Public project information pages: what EU and Hungarian rules require, and nothing internal. */
import { Router } from "express";
import { projectPage } from "../../presenters/projectPresenter.js";
import type { Services } from "../../services/index.js";

export function publicRoutes({ projects }: Services): Router {
  const router = Router();
  router.get("/nyilvanos/projektek/:key", async (req, res) => {
    const view = projectPage(await projects.getPublic(req.params.key), "public");
    res.render("pages/public/project.hbs", { pageTitle: view.title, project: view, publicPage: true });
  });
  return router;
}
