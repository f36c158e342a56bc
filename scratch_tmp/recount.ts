import knexFactory from "knex";
import { countFindings } from "../server/data/findingCounts.js";
const knex = knexFactory({ client: "pg", connection: process.env.DATABASE_URL });
const rows = await knex("projects").select("id", "finding_count");
const counts = await countFindings(knex, rows.map((r) => r.id));
let bad = 0;
for (const r of rows) if (counts.get(r.id) !== r.finding_count) bad++;
console.log("projects", rows.length, "mismatched counts", bad);
await knex.destroy();
