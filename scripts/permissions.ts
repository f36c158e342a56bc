/** npm run -s permissions — prints the route × role permission table (Markdown) that the README carries. */
import { MemoryStore } from "express-session";
import { createApp } from "../server/app.js";
import { createLogger } from "../server/logger.js";
import { permissionTableMarkdown, routeTable } from "../server/routes/routeTable.js";
import { runWithServices } from "./cli.js";

await runWithServices(async (services) => {
  // The app is only read, never served: no session store in the database is needed.
  const app = createApp({ ...services, sessionStore: () => new MemoryStore() }, { logger: createLogger("silent"), production: false, showErrorDetails: false, sessionSecret: "unused" });
  console.log(permissionTableMarkdown(routeTable(app)));
});
