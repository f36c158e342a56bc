/**
 * npm run generate -- --projects N [--seed S] [--source CSV]
 * Fills the configured database with N realistic synthetic projects (with
 * milestones, deliverables, events and notices) for benchmarks. Beneficiaries,
 * titles, call codes, settlements and grant sizes are drawn from the real
 * national list (../shared/data/szechenyi-terv-plusz-funded-projects.csv) when
 * it is present; it is read in place, never copied. Identifiers keep the domain's shape (CALL-YEAR-SERIAL): the
 * serials stored are read once, and a call whose year is full moves on to its next years. `--max-serial` lowers
 * the highest serial a call and year may use (for tests of a full one; by default the period's 9,999 or 99,999).
 * A bar shows progress on a terminal; otherwise only the summary is printed.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { parse } from "csv-parse/sync";
import cliProgress from "cli-progress";
import { addDays, addMonths } from "date-fns";
import { parseCallCode, type CallCode } from "../server/domain/identifiers.js";
import { parsePartialDate, type PartialDate } from "../server/domain/dates.js";
import { IdentifierSerials } from "../server/domain/identifierSerials.js";
import type { ProjectRecord, ProjectStatus } from "../server/domain/project.js";
import type { ProjectInput } from "../server/services/projectWriter.js";
import { runWithServices } from "./cli.js";

const NATIONAL_LIST = path.join(import.meta.dirname, "..", "..", "shared", "data", "szechenyi-terv-plusz-funded-projects.csv");
const BATCH = 1000;

const { values } = parseArgs({
  options: {
    projects: { type: "string", default: "1000" },
    seed: { type: "string", default: "1" },
    source: { type: "string", default: NATIONAL_LIST },
    "max-serial": { type: "string" },
  },
});
const total = Number(values.projects);
if (!Number.isInteger(total) || total < 1) {
  console.error("--projects must be a positive whole number");
  process.exit(2);
}
const maxSerial = values["max-serial"] === undefined ? null : Number(values["max-serial"]);
if (maxSerial !== null && !(Number.isInteger(maxSerial) && maxSerial >= 1)) {
  console.error("--max-serial must be a positive whole number");
  process.exit(2);
}

/** mulberry32: a small seeded generator, so that a run can be repeated exactly. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(Number(values.seed));
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const between = (low: number, high: number) => low + Math.floor(rand() * (high - low + 1));

interface Source {
  call: CallCode;
  callTitle: string;
  beneficiary: string;
  title: string;
  settlement: string | null;
  county: string | null;
  region: string | null;
  grant: number;
  decision: PartialDate;
}

function nationalList(file: string): Source[] {
  const rows: Array<Record<string, string>> = parse(fs.readFileSync(file), { columns: true, skip_empty_lines: true });
  return rows.flatMap((row) => {
    const call = parseCallCode(row.konstrukcio_kod ?? "", { allowIrregular: true });
    const grant = Math.round(Number(row.megitelt_tamogatas));
    if (!call.regular || !row.palyazo_neve?.trim() || !row.projekt_cime?.trim() || !(grant > 0)) return [];
    return [
      {
        call,
        callTitle: row.konstrukcio_nev ?? "",
        beneficiary: row.palyazo_neve.trim(),
        title: row.projekt_cime.trim(),
        settlement: row.helyseg_nev || null,
        county: row.megval_megye_nev || null,
        region: row.megval_regio_nev || null,
        grant,
        decision: parsePartialDate(row.tam_dont_datum ?? ""),
      },
    ];
  });
}

/** Without the national list: a small invented pool of the same shape. */
function inventedPool(): Source[] {
  const calls: Array<[string, string]> = [
    ["GINOP_PLUSZ-1.2.2-22", "Vállalkozás-újraindítási program"],
    ["TOP_PLUSZ-1.2.1-21-PT1", "Élhető települések"],
    ["TOP_PLUSZ-3.3.1-21-BA1", "Helyi egészségügyi és szociális infrastruktúra fejlesztése"],
    ["KEHOP_PLUSZ-2.1.10-23", "Szennyvízelvezetés és -tisztítás"],
    ["EFOP_PLUSZ-3.1.1-24", "Képzési programok"],
  ];
  const places: Array<[string, string, string]> = [
    ["Abony", "Pest", "Közép-Magyarország"],
    ["Pécs", "Baranya", "Dél-Dunántúl"],
    ["Eger", "Heves", "Észak-Magyarország"],
    ["Szeged", "Csongrád-Csanád", "Dél-Alföld"],
    ["Győr", "Győr-Moson-Sopron", "Nyugat-Dunántúl"],
  ];
  return Array.from({ length: 500 }, (_, i) => {
    const [code, callTitle] = pick(calls);
    const [settlement, county, region] = pick(places);
    return {
      call: parseCallCode(code),
      callTitle,
      beneficiary: i % 3 === 0 ? `${settlement} Város Önkormányzata` : `Minta ${i} Kft.`,
      title: `${callTitle} – ${settlement} (${i})`,
      settlement,
      county,
      region,
      grant: between(5, 3000) * 1_000_000,
      decision: { precision: "day", year: between(2022, 2024), month: between(1, 12), day: between(1, 28) },
    };
  });
}

const toDay = (date: Date): PartialDate => ({ precision: "day", year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate() });
const asDate = (date: PartialDate) => new Date(date.year, (date.month ?? 1) - 1, date.day ?? 1);

const STATUSES: Array<[ProjectStatus, number]> = [["contracted", 20], ["in_progress", 45], ["completed", 20], ["closed", 15]];
function status(): ProjectStatus {
  let roll = rand() * 100;
  for (const [value, weight] of STATUSES) if ((roll -= weight) < 0) return value;
  return "in_progress";
}

const DELIVERABLES = [
  ["Megvalósíthatósági tanulmány", "study"],
  ["Szakmai beszámoló", "report"],
  ["Módszertani útmutató", "methodology"],
  ["Képzési anyag", "training"],
  ["Belső szabályzat", "regulation"],
] as const;

function synthesise(source: Source, identifier: string, index: number): ProjectInput {
  const state = status();
  const start = addMonths(asDate(source.decision), between(1, 3));
  const plannedEnd = addMonths(start, between(12, 36));
  const finished = state === "completed" || state === "closed";
  const actualEnd = finished ? addDays(plannedEnd, between(-60, 120)) : null;
  const intensity = pick([1, 1, 0.85, 0.7, 0.5]);
  const totalCost = Math.round(source.grant / intensity);
  const notices: ProjectRecord["notices"] = [
    { uid: null, kind: "start", title: `Elindult: ${source.title}`.slice(0, 300), body: `${source.beneficiary} uniós támogatással megkezdte a projektet.`, publishedAt: addDays(start, 10).toISOString(), links: [] },
  ];
  if (state === "closed" && actualEnd) {
    notices.push({ uid: null, kind: "closing", title: `Lezárult: ${source.title}`.slice(0, 300), body: "A projekt a tervezett tartalommal megvalósult.", publishedAt: addDays(actualEnd, 20).toISOString(), links: [] });
  }
  const record: ProjectInput["record"] = {
    uid: null,
    externalKeys: [],
    internalNotes: null,
    closureReason: null,
    funds: ["ERFA"],
    specificObjective: null,
    interventionType: null,
    contact: { name: null, position: null, email: null, phone: null },
    amendments: [],
    obligations: [],
    identifier,
    call: { code: source.call.code, title: source.callTitle || null },
    title: source.title,
    shortTitle: null,
    summary: `${source.beneficiary} projektje a(z) ${source.callTitle} felhívás keretében.`,
    status: state,
    beneficiary: { name: source.beneficiary, taxNumber: null, address: null, phone: null, email: null, website: null },
    partners: [],
    location: { settlement: source.settlement, county: source.county, region: source.region, country: "HU", indicator: null },
    funding: { totalCost, grant: source.grant, ownContribution: totalCost - source.grant, grantPaid: finished ? source.grant : null, euCofinancingRate: null, explanation: null },
    dates: { decision: source.decision, start: toDay(start), plannedEnd: toDay(plannedEnd), actualEnd: actualEnd ? toDay(actualEnd) : null, sustainabilityEnd: null },
    milestones: [{ uid: null, title: "Projekt fizikai befejezése", dueDate: toDay(plannedEnd), achievedDate: actualEnd ? toDay(actualEnd) : null }],
    deliverables: Array.from({ length: between(1, 4) }, () => {
      const [title, kind] = pick(DELIVERABLES);
      return { uid: null, title, kind, dueDate: toDay(plannedEnd), deliveredDate: finished ? toDay(plannedEnd) : null, notDeliveredReason: null, public: rand() < 0.7, links: [] };
    }),
    events: Array.from({ length: between(0, 3) }, () => {
      const series = rand() < 0.3;
      return {
        uid: null,
        title: series ? "Tájékoztató fórumok" : "Nyilvános projektbemutató",
        kind: series ? ("forum" as const) : ("press" as const),
        date: series ? null : toDay(addMonths(start, between(1, 6))),
        endDate: null,
        place: source.settlement,
        participants: series ? null : between(20, 200),
        count: series ? between(2, 8) : 1,
        held: null,
        international: false,
      };
    }),
    procurements: [],
    indicators: [],
    notices,
  };
  return { record, call: source.call, path: `generated[${index}]` };
}

/** The source row moved to another year (its identifier's), the decision date with it. */
function inYear(source: Source, year: number): Source {
  if (year === source.decision.year) return source;
  const day = source.decision.month === 2 && (source.decision.day ?? 0) > 28 ? 28 : source.decision.day;
  return { ...source, decision: { ...source.decision, year, day } };
}

await runWithServices(async ({ bulkLoader }) => {
  const fromList = fs.existsSync(values.source);
  const pool = fromList ? nationalList(values.source) : inventedPool();
  console.log(fromList ? `Drawing from ${pool.length} rows of ${values.source}` : "National list not found: using an invented pool");
  const serials = new IdentifierSerials(await bulkLoader.lastSerials(), maxSerial);
  const calls = new Set(pool.map((s) => s.call.code));
  const full = new Set<string>();
  const bar = process.stdout.isTTY
    ? new cliProgress.SingleBar(
        { format: "[{bar}] {value}/{total} projects · {speed} projects/s · ETA {eta_formatted}", hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(total, 0, { speed: 0 });
  const started = Date.now();
  try {
    for (let done = 0; done < total; ) {
      const batch: ProjectInput[] = [];
      while (batch.length < Math.min(BATCH, total - done)) {
        const source = pick(pool);
        if (full.has(source.call.code)) continue;
        const next = serials.next(source.call, source.decision.year);
        if (!next) {
          // Every year this call may move on to is full: draw only other calls from now on.
          full.add(source.call.code);
          if (full.size === calls.size) throw new Error(`Every call's identifier serials are used up after ${done + batch.length} projects`);
          continue;
        }
        batch.push(synthesise(inYear(source, next.year), next.identifier, done + batch.length));
      }
      await bulkLoader.writeProjects("generate", batch);
      done += batch.length;
      bar?.update(done, { speed: Math.round(done / ((Date.now() - started) / 1000)) });
    }
  } finally {
    bar?.stop();
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(`Generated ${total} projects in ${seconds.toFixed(1)} s (${Math.round(total / seconds)} projects/s)`);
});
