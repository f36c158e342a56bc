/**
 * Where the checkout's own files are. The server runs from source (server/, under tsx in development and tests)
 * and bundled (dist/main.js, in production); templates, public files and seeds are never bundled, so they are
 * found from the project root, which holds package.json either way.
 */
import fs from "node:fs";
import path from "node:path";

function projectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const PROJECT_ROOT = projectRoot(import.meta.dirname);
