/** Runs one of poppler's PDF tools (pdftotext, pdfinfo, pdffonts, pdftoppm), saying plainly when it is not installed. */
import { spawnSync } from "node:child_process";
import { expect } from "chai";

export function poppler(tool: "pdftotext" | "pdfinfo" | "pdffonts" | "pdftoppm", args: string[]): string {
  const result = spawnSync(tool, args, { encoding: "utf8" });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") {
    throw new Error(`${tool} is missing: install Debian's poppler-utils (CI installs it)`);
  }
  expect(result.status, result.stderr).to.equal(0);
  return result.stdout;
}
