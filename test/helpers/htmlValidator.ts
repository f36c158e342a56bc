/** The W3C Nu HTML checker (the vnu-jar package, run by Debian's Java) over pages a test fetched. */
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { promisify } from "node:util";

const VNU = String(createRequire(import.meta.url)("vnu-jar"));

/** Whether a Java runtime is there to run the checker. */
export async function javaAvailable(): Promise<boolean> {
  try {
    await promisify(execFile)("java", ["-version"]);
    return true;
  } catch {
    return false;
  }
}

/** The checker's errors for each page, as "name: line N: message"; none for valid HTML. */
export async function htmlErrors(pages: Record<string, string>): Promise<string[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "vnu-"));
  try {
    const files = await Promise.all(
      Object.entries(pages).map(async ([name, html]) => {
        const file = path.join(dir, `${name.replace(/[^a-z0-9-]/gi, "_")}.html`);
        await fs.writeFile(file, html);
        return file;
      }),
    );
    // vnu exits 1 when it finds errors; its JSON report on stderr says which.
    const { stderr } = await promisify(execFile)("java", ["-jar", VNU, "--errors-only", "--format", "json", "--exit-zero-always", ...files], { maxBuffer: 16 * 1024 * 1024 });
    const report = JSON.parse(stderr) as { messages: Array<{ url: string; lastLine?: number; message: string }> };
    return report.messages.map((m) => `${path.basename(decodeURIComponent(m.url))}: line ${m.lastLine ?? "?"}: ${m.message}`);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
