/**
 * The hostile-input properties: for every write target, requests made of hostile input must never answer
 * 5xx; a rejection is 4xx with a message naming the field (the form's error summary links to it; the API's
 * JSON names it in `details`), and a rejected request leaves the database as it was. After each batch
 * of cases the audit chain must verify. The property counts what it saw, so that the long run
 * (scripts/fuzz.ts) can report figures; in the tests any violation fails at once, with fast-check's
 * smallest counterexample.
 */
import * as cheerio from "cheerio";
import fc from "fast-check";
import { deepNesting, formValueBytes, fieldNames, hostileJson, invalidUtf8, FORM_BODY_LIMIT, JSON_BODY_LIMIT, percentEncode } from "./hostile.js";
import type { WriteTarget } from "./targets.js";
import type { World } from "./world.js";

/** One hostile request: fuzzed fields (form: percent-encoded bytes; API: JSON text), or a whole raw body. */
export interface HostileCase {
  variant: string;
  pairs: Array<[string, string]>;
  /** Instead of fields: the body as bytes (CSRF token still added to forms, so the body itself is what is tested). */
  raw?: Array<string | readonly number[]>;
  /** Sent with another content type than the route reads. */
  contentType?: string;
}

/** JSON values past what JavaScript numbers, bigint columns or sane nesting hold, as literal text. */
export const hostileJsonText = fc.oneof(
  { weight: 8, arbitrary: hostileJson.map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: fc.constantFrom("123456789012345678901234567890", "-99999999999999999999", "1e400", "-1e400", "1E+999", "9223372036854775808", "0.1e-999", "2147483648") },
  { weight: 1, arbitrary: deepNesting },
);

const rawBody = (via: WriteTarget["via"]): fc.Arbitrary<Array<string | readonly number[]>> =>
  fc.oneof<fc.Arbitrary<Array<string | readonly number[]>>[]>(
    fc.tuple(fc.string({ unit: "binary", maxLength: 40 }), invalidUtf8, fc.string({ maxLength: 10 })).map(([a, bytes, b]) =>
      via === "api" ? [`{"${a.replace(/["\\]/g, "")}":"`, bytes, `${b.replace(/["\\]/g, "")}"}`] : [`${percentEncode(Buffer.from(a))}=`, bytes, b],
    ),
    deepNesting.map((text) => [via === "api" ? text : `a=${text}`]),
    fc.constantFrom(FORM_BODY_LIMIT + 1, JSON_BODY_LIMIT + 1).map((size) => [via === "api" ? `{"a":"${"x".repeat(size)}"}` : `a=${"x".repeat(size)}`]),
    fc.uint8Array({ maxLength: 200 }).map((bytes) => [[...bytes]]),
  );

/** Cases for a target: mostly fields with hostile values, sometimes a broken body or the wrong content type. */
export function hostileCases(target: WriteTarget): fc.Arbitrary<HostileCase> {
  const value = target.via === "api" && !target.inQuery ? hostileJsonText : formValueBytes;
  return fc.constantFrom(...target.variants).chain((variant) =>
    fc.oneof(
      {
        weight: 8,
        arbitrary: fieldNames(target.fields(variant)).chain((names) =>
          fc.tuple(...names.map((name) => fc.tuple(fc.constant(name), value))).map((pairs) => ({ variant, pairs: pairs as Array<[string, string]> })),
        ),
      },
      { weight: target.inQuery ? 0 : 1, arbitrary: rawBody(target.via).map((raw) => ({ variant, pairs: [], raw })) },
      {
        weight: target.inQuery ? 0 : 1,
        arbitrary: fc
          .constantFrom("application/json", "application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x", "application/xml", "application/json; charset=latin1", "application/x-www-form-urlencoded; charset=utf-16")
          .map((contentType) => ({ variant, pairs: [["title", target.via === "api" ? '"x"' : "x"]] as Array<[string, string]>, contentType })),
      },
    ),
  );
}

const bytesOf = (part: string | readonly number[]) => (typeof part === "string" ? Buffer.from(part, "utf8") : Buffer.from([...part]));

/** Form pairs as an urlencoded body (values already percent-encoded bytes). */
const urlencoded = (pairs: Array<[string, string]>) => pairs.map(([k, v]) => `${percentEncode(Buffer.from(k))}=${v}`).join("&");

/** Dotted names nested into a JSON object's text; values are JSON text already; later duplicates win as in JSON.parse. */
export function jsonObjectText(pairs: Array<[string, string]>): string {
  interface Node { [key: string]: Node | string }
  const root: Node = Object.create(null) as Node;
  for (const [name, value] of pairs) {
    const keys = name.split(".");
    let node = root;
    for (const key of keys.slice(0, -1)) {
      const next = node[key];
      node = typeof next === "object" ? next : (node[key] = Object.create(null) as Node);
    }
    node[keys.at(-1)!] = value;
  }
  const text = (node: Node): string =>
    `{${Object.entries(node).map(([k, v]) => `${JSON.stringify(k)}:${typeof v === "string" ? v : text(v)}`).join(",")}}`;
  return text(root);
}

export interface Sent {
  status: number;
  contentType: string;
  text: string;
  json: unknown;
}

/** Sends a case as the signed-in admin (forms) or with the admin's token (API). */
export async function send(world: World, target: WriteTarget, input: HostileCase): Promise<Sent> {
  const [method] = target.route.split(" ") as [string];
  const path = await target.path(world, input.variant);
  const fixed = (await target.fixed?.(world, input.variant)) ?? {};
  const fuzzed = new Set(input.pairs.map(([name]) => name));
  const extra = Object.entries(fixed).filter(([name]) => !fuzzed.has(name));
  let request;
  if (target.via === "form") {
    const pairs: Array<[string, string]> = [...input.pairs, ...extra.map(([k, v]): [string, string] => [k, String(v)]), ["_csrf", world.admin.csrfToken]];
    const body = input.raw
      ? Buffer.concat([...input.raw.map((p) => bytesOf(p)), Buffer.from(`&_csrf=${world.admin.csrfToken}`)])
      : urlencoded(pairs);
    request = world.admin.agent.post(path).set("Content-Type", input.contentType ?? "application/x-www-form-urlencoded").send(body);
  } else {
    const auth = { Authorization: `Bearer ${world.token}` };
    const pairs = [...input.pairs, ...extra.map(([k, v]): [string, string] => [k, target.inQuery ? String(v) : JSON.stringify(v)])];
    if (target.inQuery) {
      request = world.app.request.delete(`${path}?${urlencoded(pairs)}`).set(auth);
    } else {
      const body = input.raw ? Buffer.concat(input.raw.map((p) => bytesOf(p))) : jsonObjectText(pairs);
      const call = method === "PATCH" ? world.app.request.patch(path) : world.app.request.post(path);
      request = call.set(auth).set("Content-Type", input.contentType ?? "application/json").send(body);
    }
  }
  const res = await request.buffer(true).parse((response, done) => {
    const chunks: Buffer[] = [];
    response.on("data", (c: Buffer) => chunks.push(c));
    response.on("end", () => done(null, Buffer.concat(chunks).toString("utf8")));
  });
  const text = res.body as string;
  const contentType = String(res.headers["content-type"] ?? "");
  let json: unknown;
  if (contentType.includes("json")) json = JSON.parse(text);
  return { status: res.status, contentType, text, json };
}

/** Rejections about the body as a whole (not one field): its size, encoding or syntax. */
const BODY_LEVEL = /^A kérés törzse/;
/** A Hungarian sentence has accented letters; an English one from a library ("unsupported charset") has none. */
const HUNGARIAN = /[áéíóöőúüű]/i;
/** Rejections about the form itself (its hidden version), which no field on the page can show. */
const FORM_LEVEL = /^Az űrlap /;

/** Why a rejection's answer falls short, or null when it is as it should be. */
export function rejectionProblem(target: WriteTarget, sent: Sent): string | null {
  // Node's HTTP parser refuses a request line or headers past 16 KB before the app sees them.
  if (sent.status === 431) return null;
  if (target.via === "api") {
    const error = (sent.json as { error?: { message?: unknown; details?: Array<{ field?: unknown; message?: unknown }>; field?: unknown } } | undefined)?.error;
    if (!error || typeof error.message !== "string" || error.message === "") return "the API's rejection is not JSON with an error message";
    if (!HUNGARIAN.test(error.message)) return `the message is not Hungarian: ${error.message}`;
    if (sent.status !== 400 || BODY_LEVEL.test(error.message)) return null;
    const details = error.details ?? [];
    if (details.length === 0) return `400 without details naming a field: ${error.message}`;
    if (details.some((d) => typeof d.field !== "string" || typeof d.message !== "string" || d.message === "")) return "a detail names no field or has no message";
    return null;
  }
  if (!sent.contentType.includes("html")) return "the form's rejection is not an HTML page";
  const $ = cheerio.load(sent.text);
  const heading = $("h1").first().text().trim();
  if (heading === "") return "the rejection page has no heading";
  // The error page (a heading, then the message); a form shown again says it in its error summary or conflict box.
  const errorPage = $("main form").length === 0;
  const message = $("main p").first().text().trim();
  if (errorPage && !HUNGARIAN.test(message)) return `the page does not say what was wrong in Hungarian: ${heading}: ${message}`;
  if (sent.status !== 400) return null;
  const items = $(".error-summary li");
  if (items.length === 0) {
    return BODY_LEVEL.test(message) ? null : `400 without an error summary naming the field: "${heading}: ${message}"`;
  }
  for (const item of items.toArray()) {
    const link = $(item).find("a[href^='#']").attr("href");
    if (link && link !== "#" && $(link).length > 0) continue;
    if (!link && FORM_LEVEL.test($(item).text().trim())) continue;
    return `an error names no field on the form: ${$(item).text().trim()}`;
  }
  return null;
}

/** Everything stored that a rejected request must not touch, as one hash: every table (besides sessions and
 * login counters, which reads touch) row by row, and the audit log's length. New tables are included. */
const fingerprintQueries = new WeakMap<World, string>();
/** The fingerprint last taken, which is the state before the next case. */
const lastFingerprint = new WeakMap<World, string>();

export async function databaseFingerprint(world: World): Promise<string> {
  let query = fingerprintQueries.get(world);
  if (!query) {
    query = await fingerprintQuery(world);
    fingerprintQueries.set(world, query);
  }
  const { rows } = await world.db.knex.raw<{ rows: Array<{ h: string }> }>(query);
  lastFingerprint.set(world, rows[0]!.h);
  return rows[0]!.h;
}

async function fingerprintQuery(world: World): Promise<string> {
  const tables = (
    await world.db.knex.raw<{ rows: Array<{ table_name: string }> }>(
      "select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name",
    )
  ).rows
    .map((r) => r.table_name)
    .filter((t) => !["sessions", "login_attempts", "audit_log"].includes(t) && !t.startsWith("knex_"));
  const parts = tables.map(
    // Each row is hashed on its own and the hashes are joined: joining the rows' text first made the embedded
    // engine hold every table whole, several times, and its WebAssembly heap never gives memory back.
    (t) => `select '${t}' as t, md5(coalesce(string_agg(r.h, '|' order by r.h), '')) as h
      from (select md5((to_jsonb(x) - 'last_used_at')::text) as h from "${t}" x) r`,
  );
  parts.push("select 'audit_log' as t, count(*)::text as h from audit_log");
  return `select md5(string_agg(h, '' order by t)) as h from (${parts.join(" union all ")}) s`;
}

export interface PropertyStats {
  runs: number;
  accepted: number;
  rejected4xx: number;
  serverErrors5xx: number;
  partialWrites: number;
  /** Rejections whose answer does not name the field (or is not JSON/HTML as it should be). */
  unnamedRejections: number;
  auditChainBroken: number;
  /** The first few violations, with the case that caused them. */
  examples: string[];
  ms: number;
}

export const emptyStats = (): PropertyStats => ({
  runs: 0, accepted: 0, rejected4xx: 0, serverErrors5xx: 0, partialWrites: 0, unnamedRejections: 0, auditChainBroken: 0, examples: [], ms: 0,
});

const describeCase = (input: HostileCase) =>
  JSON.stringify({ ...input, raw: input.raw?.map((p) => (typeof p === "string" && p.length > 200 ? `${p.slice(0, 60)}…(${p.length} chars)` : p)), pairs: input.pairs.map(([k, v]) => [k, v.length > 200 ? `${v.slice(0, 60)}…(${v.length} chars)` : v]) });

/** Sends one case and records what happened; returns the violation, if any. */
export async function checkCase(world: World, target: WriteTarget, input: HostileCase, stats: PropertyStats): Promise<string | null> {
  // The state after the previous case is the state before this one, unless the world had to restore a record.
  const restored = world.restores;
  const before = lastFingerprint.get(world) ?? (await databaseFingerprint(world));
  const sent = await send(world, target, input);
  // Taken after every case: it is the state before the next one.
  const after = await databaseFingerprint(world);
  stats.runs++;
  let violation: string | null = null;
  if (sent.status >= 500) {
    stats.serverErrors5xx++;
    violation = `${sent.status}: ${sent.text.slice(0, 300)}`;
  } else if (sent.status >= 400) {
    stats.rejected4xx++;
    if (world.restores === restored && after !== before) {
      stats.partialWrites++;
      violation = `rejected with ${sent.status} but the database changed`;
    } else {
      const problem = rejectionProblem(target, sent);
      if (problem) {
        stats.unnamedRejections++;
        violation = `${sent.status}: ${problem}`;
      }
    }
  } else stats.accepted++;
  if (violation) {
    violation = `${target.route} ${input.variant}: ${violation}\n  case: ${describeCase(input)}`;
    if (stats.examples.length < 5) stats.examples.push(violation);
  }
  return violation;
}

/** After a batch: the audit chain, including what accepted cases appended, must still verify. */
export async function checkAuditChain(world: World, stats: PropertyStats): Promise<string | null> {
  const report = await world.app.services.audit.verify();
  if (!report.firstBreak) return null;
  stats.auditChainBroken++;
  const problem = `audit chain broken at entry ${report.firstBreak.seq}: ${report.firstBreak.reason}`;
  stats.examples.push(problem);
  return problem;
}

/** The property for one target; with `failFast` (the tests) a violation throws, otherwise it is only counted. */
export function writeProperty(world: World, target: WriteTarget, stats: PropertyStats, failFast: boolean) {
  // Whatever ran since the last case (another property, a test's own setup) may have written.
  lastFingerprint.delete(world);
  return fc.asyncProperty(hostileCases(target), async (input) => {
    const violation = await checkCase(world, target, input, stats);
    if (violation && failFast) throw new Error(violation);
  });
}
