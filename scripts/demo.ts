/** npm run demo — loads the demo portfolio into the configured database (again: nothing changes). */
import { loadDemoPortfolio } from "../server/services/demoService.js";
import { runWithServices } from "./cli.js";

await runWithServices(async ({ importer }) => {
  const s = await loadDemoPortfolio(importer);
  console.log(`Demó portfólió: ${s.created} új, ${s.updated} módosított, ${s.unchanged} változatlan projekt.`);
});
