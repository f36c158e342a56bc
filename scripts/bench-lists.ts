/**
 * npm run bench:lists — the API list's queries at the database's size (the configured database, e.g. one made by
 * `npm run generate` and copied up to 100,000 or 1,000,000 projects): for each case, the service call's time
 * (median of 5, warm) and every query it ran under EXPLAIN ANALYZE — execution time and the plan's nodes — so a
 * Sort over the table or a sequential scan shows. Cases: the first page in both orders, the 50,000th page (or the
 * last, if fewer) reached by cursor, the deepest offset, the programme and period filters (a common and a rare
 * value), the beneficiary's name typed with and without accents, and a tax number.
 */
import type { Knex } from "knex";
import { dayInBudapest, firstDay } from "../server/domain/dates.js";
import type { ListOrder, Page, ProjectFilter } from "../server/domain/project.js";
import { foldForSearch } from "../server/domain/searchText.js";
import { LIST_KEYS } from "../server/data/projectReads.js";
import { MAX_OFFSET } from "../server/routes/listQuery.js";
import { runWithServices } from "./cli.js";

const LIMIT = 20;
const DEEP_PAGE = 50_000;

interface Captured {
  sql: string;
  bindings: Knex.RawBinding[];
}

function nodesOf(plan: Record<string, unknown>): string[] {
  const name = `${plan["Node Type"]}${plan["Index Name"] ? ` ${plan["Index Name"]}` : plan["Relation Name"] ? ` on ${plan["Relation Name"]}` : ""}`;
  return [name, ...((plan.Plans as Array<Record<string, unknown>> | undefined) ?? []).flatMap(nodesOf)];
}

async function explained(knex: Knex, query: Captured): Promise<{ ms: number; nodes: string[] }> {
  const { rows } = await knex.raw(`explain (analyze, format json) ${query.sql.replace(/\$\d+/g, "?")}`, query.bindings);
  const plan = rows[0]["QUERY PLAN"];
  const [top] = typeof plan === "string" ? JSON.parse(plan) : plan;
  return { ms: top["Execution Time"] as number, nodes: nodesOf(top.Plan) };
}

await runWithServices(async (services, db) => {
  const knex = db.knex;
  const projectCount = (await knex("projects").count<Array<{ n: number }>>({ n: "*" }))[0]!.n;
  const today = firstDay(dayInBudapest(new Date()));
  console.log(`${Number(projectCount).toLocaleString("en")} projects; ${db.engine} engine; load average ${(await import("node:os")).loadavg().map((l) => l.toFixed(1)).join(" ")}`);

  /** The cursor of the page before `page` (1-based) of the public list in `order`: read once by offset, not measured. */
  async function cursorBefore(order: ListOrder, page: number): Promise<Page["after"]> {
    const row = await knex("projects as p")
      .where("p.published_from", "<=", today)
      .select(knex.raw(`${LIST_KEYS[order]} as key`), "p.id")
      .orderByRaw(`${LIST_KEYS[order]}, p.id`)
      .offset((page - 1) * LIMIT - 1)
      .first();
    return row ? { order, key: row.key as string, id: row.id as number } : undefined;
  }
  const published = Number((await knex("projects").where("published_from", "<=", today).count({ n: "*" }))[0]!.n);
  const deepPage = Math.min(DEEP_PAGE, Math.ceil(published / LIMIT));
  const programmes: Array<{ code: string }> = await knex("projects as p")
    .join("programmes as pr", "pr.id", "p.programme_id")
    .groupBy("pr.code")
    .orderByRaw("count(*) desc")
    .select("pr.code");
  const [common, rare] = [programmes[0]!.code, programmes.at(-1)!.code];
  const accented = await knex("organisations").whereRaw("name ~ '[áéíóöőúüű]'").orderBy("id").first("name");
  const taxed = await knex("organisations").whereNotNull("tax_number").orderBy("id").first("tax_number");
  const word = (accented!.name as string).split(/\s+/).find((w) => /[áéíóöőúüű]/.test(w))!;

  const cases: Array<{ label: string; filter: ProjectFilter; page: Page }> = [
    { label: "first page, identifier order", filter: {}, page: { limit: LIMIT, offset: 0 } },
    { label: "first page, title order", filter: {}, page: { limit: LIMIT, offset: 0, order: "title" } },
    { label: `page ${deepPage.toLocaleString("en")} by cursor, identifier order`, filter: {}, page: { limit: LIMIT, offset: 0, after: await cursorBefore("identifier", deepPage) } },
    { label: `page ${deepPage.toLocaleString("en")} by cursor, title order`, filter: {}, page: { limit: LIMIT, offset: 0, order: "title", after: await cursorBefore("title", deepPage) } },
    { label: `offset ${MAX_OFFSET} (the deepest allowed)`, filter: {}, page: { limit: LIMIT, offset: MAX_OFFSET } },
    { label: `programme ${common} (most projects)`, filter: { programme: common }, page: { limit: LIMIT, offset: 0 } },
    { label: `programme ${rare} (fewest projects)`, filter: { programme: rare }, page: { limit: LIMIT, offset: 0 } },
    { label: `programme ${rare}, title order`, filter: { programme: rare }, page: { limit: LIMIT, offset: 0, order: "title" } },
    { label: "period 2021-2027", filter: { period: "2021-2027" }, page: { limit: LIMIT, offset: 0 } },
    { label: "period 2014-2020", filter: { period: "2014-2020" }, page: { limit: LIMIT, offset: 0 } },
    { label: `beneficiary "${word}"`, filter: { beneficiary: word }, page: { limit: LIMIT, offset: 0 } },
    { label: `beneficiary "${foldForSearch(word)}" (no accents)`, filter: { beneficiary: foldForSearch(word) }, page: { limit: LIMIT, offset: 0 } },
    { label: `beneficiary "${accented!.name}"`, filter: { beneficiary: accented!.name as string }, page: { limit: LIMIT, offset: 0 } },
    // The generator gives organisations no tax number; an imported portfolio has them.
    ...(taxed ? [{ label: "beneficiary tax number", filter: { beneficiary: taxed.tax_number as string }, page: { limit: LIMIT, offset: 0 } }] : []),
  ];

  for (const { label, filter, page } of cases) {
    const captured: Captured[] = [];
    const listen = (q: Captured) => captured.push(q);
    let result = await services.projects.listPublic(filter, page);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      if (i === 4) knex.on("query", listen);
      const started = process.hrtime.bigint();
      result = await services.projects.listPublic(filter, page);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    knex.off("query", listen);
    times.sort((a, b) => a - b);
    const total = `${result.total.exactness === "exact" ? "" : result.total.exactness === "estimate" ? "≈" : ">"}${result.total.count}`;
    const estimated = captured.some((q) => q.sql.startsWith("explain")) ? " (+ the planner's estimate: one EXPLAIN)" : "";
    console.log(`\n${label}: ${times[2]!.toFixed(1)} ms (median of 5), ${result.items.length} items, total ${total}${estimated}`);
    for (const query of captured.filter((q) => !q.sql.startsWith("explain"))) {
      const { ms, nodes } = await explained(knex, query);
      const kind = query.sql.includes("order_key") ? "page" : query.sql.includes("count(") ? "count" : "other";
      console.log(`  ${kind.padEnd(8)} ${ms.toFixed(2).padStart(8)} ms  ${nodes.join(" → ")}`);
    }
  }
});
