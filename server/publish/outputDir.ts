/**
 * The folder a static copy is written to. A file is rewritten only when its
 * bytes changed; files a previous run wrote and this one did not are removed.
 * A manifest of what was written marks the folder as ours: a folder that has
 * files but no manifest is refused, so that nothing else is ever deleted.
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { StartupError } from "../errors.js";

const MANIFEST = ".projekttar-publish.json";

export interface OutputSummary {
  /** Files whose bytes were new or changed (relative paths, sorted). */
  written: string[];
  unchanged: number;
  /** Files of the previous run that this one no longer makes. */
  removed: string[];
}

async function sha256OfFile(file: string): Promise<string | null> {
  const hash = createHash("sha256");
  try {
    await pipeline(createReadStream(file), hash);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  return hash.digest("hex");
}

export class OutputDir {
  private readonly produced = new Set<string>();
  private readonly written: string[] = [];
  private unchanged = 0;

  private constructor(
    readonly root: string,
    private readonly previous: ReadonlySet<string>,
  ) {}

  /** Opens (or creates) the folder; refuses a non-empty one that no earlier export made. */
  static async open(root: string): Promise<OutputDir> {
    await fs.mkdir(root, { recursive: true });
    let previous: string[] = [];
    try {
      previous = JSON.parse(await fs.readFile(path.join(root, MANIFEST), "utf8")) as string[];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      if ((await fs.readdir(root)).length > 0) {
        throw new StartupError(
          `A(z) ${root} mappa nem üres, és nem korábbi közzététel eredménye: adjon meg üres vagy új mappát (--out).`,
        );
      }
    }
    return new OutputDir(root, new Set(previous));
  }

  private target(file: string): string {
    const resolved = path.resolve(this.root, file);
    if (!resolved.startsWith(path.resolve(this.root) + path.sep)) throw new Error(`Refusing to write outside the output folder: ${file}`);
    return resolved;
  }

  private record(file: string, changed: boolean): void {
    this.produced.add(file);
    if (changed) this.written.push(file);
    else this.unchanged++;
  }

  /** Writes the bytes unless the file already holds exactly these. */
  async write(file: string, bytes: Buffer): Promise<void> {
    const target = this.target(file);
    const existing = await fs.readFile(target).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return null;
      throw error;
    });
    if (existing !== null && existing.equals(bytes)) return this.record(file, false);
    await fs.mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${randomBytes(6).toString("hex")}.tmp`;
    await fs.writeFile(temporary, bytes);
    await fs.rename(temporary, target);
    this.record(file, true);
  }

  /** Writes a stream (a large download) beside the file first, and keeps it only if its bytes differ. */
  async writeStream(file: string, body: Readable): Promise<void> {
    const target = this.target(file);
    await fs.mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${randomBytes(6).toString("hex")}.tmp`;
    const hash = createHash("sha256");
    body.on("data", (chunk: Buffer) => hash.update(chunk));
    await pipeline(body, createWriteStream(temporary));
    if ((await sha256OfFile(target)) === hash.digest("hex")) {
      await fs.rm(temporary);
      return this.record(file, false);
    }
    await fs.rename(temporary, target);
    this.record(file, true);
  }

  /** Removes what the previous run wrote and this one did not, records the manifest, and says what happened. */
  async finish(): Promise<OutputSummary> {
    const removed = [...this.previous].filter((file) => !this.produced.has(file)).sort();
    for (const file of removed) {
      const target = this.target(file);
      await fs.rm(target, { force: true });
      // Folders emptied by the removal go too (a project page's own folder).
      for (let dir = path.dirname(target); dir !== path.resolve(this.root); dir = path.dirname(dir)) {
        if ((await fs.readdir(dir).catch(() => ["?"])).length > 0) break;
        await fs.rmdir(dir);
      }
    }
    await fs.writeFile(path.join(this.root, MANIFEST), `${JSON.stringify([...this.produced].sort(), null, 0)}\n`);
    return { written: this.written.sort(), unchanged: this.unchanged, removed };
  }
}
