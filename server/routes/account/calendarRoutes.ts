/**
 * A user's deadlines as an iCalendar feed at a secret address (/naptar/<key>.ics), so Outlook and other
 * calendars can subscribe without a login. The key is made, renewed and revoked on the profile page; only
 * its hash is kept, and a revoked or unknown key is simply not found.
 */
import { Router } from "express";
import type { Services } from "../../services/index.js";

export function calendarRoutes({ accounts, calendar }: Services): Router {
  const router = Router();
  router.get("/naptar/:file", async (req, res) => {
    const match = /^([A-Za-z0-9_-]{20,64})\.ics$/.exec(String(req.params.file));
    const actor = match ? await accounts.actorForCalendarKey(match[1]!) : undefined;
    if (!actor) {
      res.status(404).type("text/plain; charset=utf-8").send("Nincs ilyen naptár (a cím hibás, megújították vagy visszavonták).\n");
      return;
    }
    res.set("Cache-Control", "private, max-age=300");
    res.type("text/calendar; charset=utf-8").send(await calendar.feedFor(actor));
  });
  return router;
}
