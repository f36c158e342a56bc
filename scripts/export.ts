/** npm run export -- --out FILE — writes every project as a project file (stdout without --out). */
import fs from "node:fs";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { runWithServices } from "./cli.js";

const { values } = parseArgs({ options: { out: { type: "string", short: "o" } } });

/** Writes `{ "projects": [ … ] }` as JSON.stringify(document, null, 2) would, one batch at a time. */
await runWithServices(async ({ exporter }) => {
  const out = values.out ? fs.createWriteStream(values.out) : process.stdout;
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
