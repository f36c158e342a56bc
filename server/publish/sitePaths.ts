/**
 * Where each public address lands in a static copy of the site, and how one
 * exported file links to another. Pages go to directories (`/projektek/x` →
 * `projektek/x/index.html`), so the same addresses keep working on any web
 * server, while links name the file itself, which also works from disk (file://).
 */
import { createHash } from "node:crypto";
import path from "node:path";

/** Staff pages, the login, the API and the personal calendar addresses: never part of the public copy. */
const NOT_EXPORTED = ["/kezelo", "/belepes", "/kilepes", "/api", "/healthz", "/naptar"];

/** What an address ending in one of these names is a file of that type rather than a page. */
const FILE_EXTENSIONS = new Set([
  "atom", "rss", "xml", "json", "csv", "txt", "ics", "pdf", "xlsx", "css", "js", "svg", "png", "jpg", "jpeg", "gif",
  "webp", "ico", "woff", "woff2", "html",
]);

export function isExported(pathname: string): boolean {
  return !NOT_EXPORTED.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

/** A decoded path segment as a file name: characters no file system allows are kept percent-encoded. */
function fileSegment(segment: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    decoded = segment;
  }
  return decoded.replace(/[/\\:*?"<>|%\x00-\x1f]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

const extensionOf = (name: string) => /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();

/**
 * The file (relative, `/`-separated) an address is written to. A query string (a further page of a list) gets a
 * file of its own beside the page's, named by a hash of the query: `projektek/index-q1a2b3c4d5e.html`.
 */
export function fileFor(pathname: string, search = ""): string {
  const segments = pathname.split("/").filter((s) => s !== "").map(fileSegment);
  const last = segments[segments.length - 1];
  const isFile = last !== undefined && FILE_EXTENSIONS.has(extensionOf(last) ?? "");
  const file = isFile ? segments.join("/") : [...segments, "index.html"].join("/");
  if (search === "" || search === "?") return file;
  const suffix = `-q${createHash("sha256").update(search).digest("hex").slice(0, 10)}`;
  const dot = file.lastIndexOf(".");
  return `${file.slice(0, dot)}${suffix}${file.slice(dot)}`;
}

/** The link from one exported file to another, as a relative URL. */
export function relativeHref(fromFile: string, toFile: string): string {
  const relative = path.posix.relative(path.posix.dirname(fromFile), toFile);
  return relative.split("/").map((s) => (s === ".." ? s : encodeURIComponent(s))).join("/");
}
