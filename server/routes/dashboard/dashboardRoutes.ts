/** Where staff land after login: deadlines, totals and findings of the projects they may see. */
import { Router } from "express";
import { dayInBudapest, firstDay } from "../../domain/dates.js";
import { actorOf, requireAction } from "../../middleware/auth.js";
import { dashboardPage } from "../../presenters/dashboardPresenter.js";
import type { Services } from "../../services/index.js";

export function dashboardRoutes({ dashboard }: Services): Router {
  const router = Router();

  router.get("/kezelo", requireAction("read_staff_pages"), async (_req, res) => {
    const overview = await dashboard.overview(actorOf(res), firstDay(dayInBudapest(new Date())));
    res.render("pages/dashboard/index.hbs", { pageTitle: "Áttekintés", ...dashboardPage(overview) });
  });

  return router;
}
