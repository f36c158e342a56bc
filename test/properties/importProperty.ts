/**
 * The project-file import under hostile files: the file's bytes are read as `npm run import` reads them —
 * decoded as UTF-8 a few bytes at a time, checked for JSON, then streamed project by project through
 * services.importer.importProjects. It must end in an import or a refusal
 * that names each bad place (`projects[0].funding.grant`), never another error, and a refused file
 * writes nothing.
 */
import { StringDecoder } from "node:string_decoder";
import fc from "fast-check";
import { jsonProblem, streamProjects } from "../../server/projectFile/stream.js";
import { ValidationErrors } from "../../server/errors.js";
import { projectDoc } from "../factories/projectFile.js";
import { databaseFingerprint, hostileJsonText, jsonObjectText, type PropertyStats } from "./check.js";
import { deepNesting, fieldNames, invalidUtf8 } from "./hostile.js";
import { PROJECT_FIELDS } from "./targets.js";
import type { World } from "./world.js";

/** A file's bytes: a valid project with hostile fields, hostile JSON of any shape, or bytes that are not UTF-8. */
export const hostileFiles: fc.Arbitrary<Buffer> = fc.oneof(
  {
    weight: 8,
    arbitrary: fieldNames(PROJECT_FIELDS).chain((names) =>
      fc.tuple(...names.map((name) => fc.tuple(fc.constant(name), hostileJsonText))).map((fuzzed) => {
        const base = Object.entries(projectDoc()).map(([k, v]): [string, string] => [k, JSON.stringify(v)]);
        return Buffer.from(`{"projects":[${jsonObjectText([...base, ...(fuzzed as Array<[string, string]>)])}]}`);
      }),
    ),
  },
  { weight: 2, arbitrary: fc.tuple(fc.boolean(), hostileJsonText).map(([wrapped, text]) => Buffer.from(wrapped ? `{"projects":${text}}` : text)) },
  { weight: 1, arbitrary: deepNesting.map((text) => Buffer.from(text)) },
  { weight: 1, arbitrary: invalidUtf8.map((bytes) => Buffer.concat([Buffer.from(`{"projects":[{"title":"`), Buffer.from([...bytes]), Buffer.from(`","beneficiary":{"name":"X"},"call":{"code":"TOP-1.1.1-16"}}]}`)])) },
);

/** Refusals at the top of the file: it is not a project file at all, or a key there is unknown (the message names it). */
const WHOLE_FILE = /^(a projektfájl |ismeretlen mező: ")/;

/** The file's text as a read stream gives it, in small chunks (multi-byte characters split across them). */
async function* textOf(bytes: Buffer, size = 7): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  for (let i = 0; i < bytes.length; i += size) yield decoder.write(bytes.subarray(i, i + size));
  yield decoder.end();
}

/** Imports one file's bytes as the command line does (read as UTF-8, checked, streamed) and records the outcome. */
export async function checkImportCase(world: World, bytes: Buffer, stats: PropertyStats): Promise<string | null> {
  const before = await databaseFingerprint(world);
  stats.runs++;
  let violation: string | null = null;
  if ((await jsonProblem(textOf(bytes))) !== null) {
    // The command refuses a file that is not JSON before opening the database (scripts/import.ts).
    stats.rejected4xx++;
    return null;
  }
  try {
    await world.app.services.importer.importProjects(streamProjects(textOf(bytes)), "import:fuzz.json", { batchSize: 2 });
    stats.accepted++;
    return null;
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    if (typeof status !== "number" || status >= 500) {
      stats.serverErrors5xx++;
      violation = `import failed with ${(error as Error).name}: ${(error as Error).message.slice(0, 300)}`;
    } else {
      stats.rejected4xx++;
      if ((await databaseFingerprint(world)) !== before) {
        stats.partialWrites++;
        violation = "the import was refused but the database changed";
      } else if (error instanceof ValidationErrors && error.errors.some((e) => e.path === "" && !WHOLE_FILE.test(e.message))) {
        stats.unnamedRejections++;
        violation = `a refusal names no place: ${error.message.slice(0, 300)}`;
      }
    }
  }
  if (violation) {
    const text = bytes.toString("utf8");
    violation = `import: ${violation}\n  file: ${text.length > 400 ? `${text.slice(0, 200)}…(${text.length} chars)` : text}`;
    if (stats.examples.length < 5) stats.examples.push(violation);
  }
  return violation;
}

export function importProperty(world: World, stats: PropertyStats, failFast: boolean) {
  return fc.asyncProperty(hostileFiles, async (bytes) => {
    const violation = await checkImportCase(world, bytes, stats);
    if (violation && failFast) throw new Error(violation);
  });
}
