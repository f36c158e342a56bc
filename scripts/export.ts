/** npm run export -- --out FILE — writes every project as a project file (stdout without --out). */
import fs from "node:fs";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { runWithServices } from "./cli.js";

const USAGE = "Használat: npm run export -- [--out FÁJL.json]   (--out nélkül a szabványos kimenetre: npm run -s export > FÁJL.json)";

let values: { out?: string };
try {
  ({ values } = parseArgs({ options: { out: { type: "string", short: "o" } } }));
} catch {
  console.error(USAGE);
  process.exit(2);
}

/** The output file, opened before the database is: a path that cannot be written costs nothing. */
async function openOut(file: string): Promise<fs.WriteStream> {
  const out = fs.createWriteStream(file);
  try {
    await once(out, "open");
    return out;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "a mappája nem létezik" : code === "EISDIR" ? "ez egy mappa, nem fájl" : code === "EACCES" ? "nincs írási jog" : "nem írható";
    console.error(`${file}: ${why}`);
    process.exit(1);
  }
}

const out = values.out ? await openOut(values.out) : process.stdout;

/** Writes `{ "projects": [ … ] }` as JSON.stringify(document, null, 2) would, one batch at a time. */
await runWithServices(async ({ exporter }) => {
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, "drain");
  };
  let count = 0;
  await write('{\n  "projects": [');
  for await (const batch of exporter.projectDocuments()) {
    for (const project of batch) {
      const indented = JSON.stringify(project, null, 2).replace(/\n/g, "\n    ");
      await write(`${count === 0 ? "\n" : ",\n"}    ${indented}`);
      count++;
    }
  }
  await write(count === 0 ? "]\n}\n" : "\n  ]\n}\n");
  if (out !== process.stdout) {
    out.end();
    await once(out, "finish");
    console.error(`${count} projekt exportálva: ${values.out}`);
  }
});
