/** npm run audit:verify — checks the whole audit chain and names the first broken entry. */
import type { ChainReport } from "../server/services/auditService.js";
import { runWithServices } from "./cli.js";

const REASONS: Record<NonNullable<ChainReport["firstBreak"]>["reason"], string> = {
  sequence_gap: "hiányzó bejegyzés előtte (a sorszámok nem folytonosak)",
  out_of_order: "nem a helyén tárolt bejegyzés (törölték és újra beszúrták, vagy áthelyezték)",
  broken_link: "nem az előző bejegyzésre hivatkozik (sorrendjét megváltoztatták)",
  altered: "a tartalma nem egyezik a hash-ével (módosították)",
  head_mismatch: "a lánc vége hiányzik (az utolsó bejegyzéseket törölték)",
};

await runWithServices(async ({ audit }) => {
  const started = Date.now();
  const report = await audit.verify((checked) => {
    if (process.stderr.isTTY) process.stderr.write(`\r${checked.toLocaleString("hu-HU")} bejegyzés ellenőrizve`);
  });
  if (process.stderr.isTTY) process.stderr.write("\n");
  const seconds = ((Date.now() - started) / 1000).toLocaleString("hu-HU", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  if (report.firstBreak) {
    const { seq, id, reason } = report.firstBreak;
    console.error(`Az auditnapló sérült: az első hibás bejegyzés a(z) ${seq}. (belső azonosító: ${id}): ${REASONS[reason]}.`);
    console.error(`Előtte ${report.entries} bejegyzés ép (${seconds} s).`);
    process.exitCode = 1;
    return;
  }
  console.log(`Az auditnapló ép: ${report.entries} bejegyzés, ${seconds} s.`);
});
