/** The built app (`npm run build`, dist/main.js) as production starts it, for tests of the process itself. */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { expect } from "chai";

export const ROOT = path.join(import.meta.dirname, "..", "..");

export function buildApp(): void {
  const build = spawnSync("npm", ["run", "-s", "build"], { cwd: ROOT, encoding: "utf8" });
  expect(build.status, build.stdout + build.stderr).to.equal(0);
}

export interface BuiltServer {
  child: ChildProcessWithoutNullStreams;
  port: number;
  /** Everything it has printed so far, stdout and stderr. */
  output(): string;
}

/** Starts `node [nodeArgs] dist/main.js` and resolves once it says where it runs (PORT=0 picks a free port). */
export async function startBuilt(env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<BuiltServer> {
  const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, "dist", "main.js")], { cwd: ROOT, env });
  let output = "";
  child.stderr.on("data", (chunk) => (output += chunk));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const match = /running at http:\/\/localhost:(\d+)\//.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.on("exit", () => reject(new Error(`the server stopped before serving:\n${output}`)));
  });
  return { child, port, output: () => output };
}
