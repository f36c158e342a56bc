/** The embeddable block's styles (public/embed.css), inlined into the fragment so that it needs nothing from our server to look right. */
import fs from "node:fs";
import path from "node:path";
import { TEMPLATES_DIR } from "./viewEngine.js";

export const EMBED_STYLES = fs.readFileSync(path.join(TEMPLATES_DIR, "..", "public", "embed.css"), "utf8");
