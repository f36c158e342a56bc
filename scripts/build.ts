/**
 * npm run build [-- main|import|export …] — the server as one bundled file, dist/main.js, the two streaming commands
 * as one each (dist/import.js, dist/export.js), and each migration as its own file under dist/db/migrations (knex
 * reads them from there by name). `npm start`, `npm run import` and `npm run export` each build their own bundle
 * first (one bundle is also a third of the builder's memory: esbuild peaked at 271 MB for all three, 121 MB for one).
 *
 * One file because start-up time is mostly module loading: the app and its dependencies are about 1,000 files, and
 * resolving, reading and compiling each of them took about 0.7 s of CPU per start (see docs/benchmarks.md). The
 * commands, run through tsx, also carried its loader thread and compiler: about 1 s and 80 MB more per run. Left out
 * of the bundles are the packages that load files of their own at run time (PGlite's WebAssembly and extensions,
 * argon2's native binary), the two the app loads only when a spreadsheet or a PDF is made (exceljs, pdfmake), and the
 * database drivers knex can use but this app never installs. Type checking is `npm run typecheck`'s job; esbuild only
 * strips the types (test/integration/builtApp.test.ts starts the bundle and uses each of these).
 *
 * Every file is written beside its place and then renamed over it, never rewritten in place: a server running from
 * dist/ or a second command building at the same moment never reads half a file.
 */
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const ROOT = path.join(import.meta.dirname, "..");
const OUT = path.join(ROOT, "dist");

const OWN_FILES = ["@electric-sql/pglite", "@node-rs/argon2"];
const LOADED_WHEN_USED = ["exceljs", "pdfmake"];
const UNUSED_DRIVERS = ["pg-native", "pg-query-stream", "oracledb", "mysql", "mysql2", "mariadb", "mariadb/callback", "sqlite3", "better-sqlite3", "tedious"];

/** CommonJS dependencies inside an ES module bundle still ask for `require`, `__filename` and `__dirname`. */
const COMMONJS_GLOBALS = [
  'import { createRequire as __createRequire } from "node:module";',
  'import { dirname as __dirnameOf } from "node:path";',
  'import { fileURLToPath as __fileURLToPath } from "node:url";',
  "const require = __createRequire(import.meta.url);",
  "const __filename = __fileURLToPath(import.meta.url);",
  "const __dirname = __dirnameOf(__filename);",
].join(" ");

const ENTRY_POINTS: Record<string, string> = {
  main: path.join(ROOT, "server", "main.ts"),
  import: path.join(ROOT, "scripts", "import.ts"),
  export: path.join(ROOT, "scripts", "export.ts"),
};
/** `npm run build -- import` builds that bundle only (and the migrations): a command needs only its own. */
const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in ENTRY_POINTS));
if (unknown.length > 0) {
  console.error(`Unknown bundle: ${unknown.join(", ")} (known: ${Object.keys(ENTRY_POINTS).join(", ")})`);
  process.exit(2);
}
const entryPoints = Object.fromEntries(Object.entries(ENTRY_POINTS).filter(([name]) => asked.length === 0 || asked.includes(name)));

const common = { platform: "node", target: "node20", format: "esm", logLevel: "warning", write: false } as const;
const migrations = fs.readdirSync(path.join(ROOT, "db", "migrations")).filter((file) => file.endsWith(".ts"));
const results = await Promise.all([
  build({
    ...common,
    entryPoints,
    outdir: OUT,
    bundle: true,
    external: [...OWN_FILES, ...LOADED_WHEN_USED, ...UNUSED_DRIVERS],
    banner: { js: COMMONJS_GLOBALS },
    // Stack traces name the TypeScript files and lines (`node --enable-source-maps`); the sources themselves are in
    // the checkout, and leaving them out of the map makes it a third of the size to read at start.
    sourcemap: true,
    sourcesContent: false,
  }),
  build({ ...common, entryPoints: migrations.map((file) => path.join(ROOT, "db", "migrations", file)), outdir: path.join(OUT, "db", "migrations") }),
]);

const written = new Set<string>();
for (const file of results.flatMap((result) => result.outputFiles)) {
  fs.mkdirSync(path.dirname(file.path), { recursive: true });
  const temporary = `${file.path}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, file.contents);
  fs.renameSync(temporary, file.path);
  written.add(file.path);
}
// A migration an earlier build left and the source no longer has goes (knex would run every file it finds there).
const MIGRATIONS_OUT = path.join(OUT, "db", "migrations");
for (const file of fs.readdirSync(MIGRATIONS_OUT).map((name) => path.join(MIGRATIONS_OUT, name))) {
  if (!written.has(file) && !file.endsWith(".tmp")) fs.rmSync(file);
}
