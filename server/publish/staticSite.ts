/**
 * The public site as static files, made by the app itself: pages are requested
 * through the app's own routes (on a loopback port only this process uses) and
 * every link is followed from the start pages, so whatever the public site
 * links to is exported without a list of routes here.
 */
import http from "node:http";
import { once } from "node:events";
import { Readable } from "node:stream";
import type { ReadableStream } from "node:stream/web";
import type express from "express";
import { OutputDir, type OutputSummary } from "./outputDir.js";
import { rewriteCss, rewriteHtml, type LinkTarget } from "./rewrite.js";
import { fileFor, isExported, relativeHref } from "./sitePaths.js";

/** Where crawling starts: the home page, and the open-data page, which the home page need not link to. */
const START = ["/", "/nyilt-adatok"];
/** Requests in flight at once: pages are rendered in this same process, so a few keep it busy. */
const CONCURRENCY = 4;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Redirects followed within one file's address before the address counts as broken (a loop). */
const MAX_HOPS = 5;

export interface PublishSummary extends OutputSummary {
  /** Addresses that were linked to but did not answer with a page, with their status. */
  broken: Array<{ url: string; status: number; linkedFrom: string }>;
}

export interface PublishOptions {
  /** Where crawling starts (the public site's own start pages by default). */
  start?: readonly string[];
  /** Called after each address is done, with the number done and the number found so far. */
  onProgress?: (done: number, found: number) => void;
}

/** A small page standing in for an address that redirects, pointing where the app sends the visitor. */
function redirectPage(href: string): Buffer {
  const attribute = href.replace(/&/g, "&amp;").replace(/"/g, "&quot;");
  return Buffer.from(
    `<!doctype html>\n<html lang="hu">\n<head>\n<meta charset="utf-8">\n<meta http-equiv="refresh" content="0; url=${attribute}">\n` +
      `<title>Átirányítás</title>\n</head>\n<body>\n<p><a href="${attribute}">Tovább az oldalra</a></p>\n</body>\n</html>\n`,
  );
}

export async function publishSite(app: express.Express, outDir: string, { start = START, onProgress }: PublishOptions = {}): Promise<PublishSummary> {
  const out = await OutputDir.open(outDir);
  const server = http.createServer(app).listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  const origin = `http://127.0.0.1:${port}`;

  interface Item {
    url: URL;
    file: string;
    linkedFrom: string;
  }
  // Items already taken are cleared: a long crawl keeps only the set of files seen.
  const queue: Array<Item | undefined> = [];
  const seen = new Set<string>();
  const broken: PublishSummary["broken"] = [];
  let done = 0;

  /** The file an address of the site lands in, queued for export the first time it is seen. */
  function enqueue(url: URL, linkedFrom: string): string {
    const file = fileFor(url.pathname, url.search);
    if (!seen.has(file)) {
      seen.add(file);
      queue.push({ url: new URL(url.pathname + url.search, origin), file, linkedFrom });
    }
    return file;
  }

  const resolverFor = (file: string) => (url: URL): LinkTarget => {
    if (!isExported(url.pathname)) return { kind: "excluded" };
    return { kind: "file", href: relativeHref(file, enqueue(url, file)) };
  };

  async function visit({ url, file, linkedFrom }: Item, hops = 0): Promise<void> {
    const response = await fetch(url, { redirect: "manual" });
    if (REDIRECTS.has(response.status)) {
      await response.body?.cancel();
      const target = new URL(response.headers.get("location") ?? "/", url);
      // A redirect within one file's address (`/x/` → `/x`): the page itself goes there, not a pointer to itself.
      const sameFile = target.origin === url.origin && fileFor(target.pathname, target.search) === file;
      if (sameFile && hops < MAX_HOPS) return visit({ url: target, file, linkedFrom }, hops + 1);
      const resolved = !sameFile && target.origin === url.origin && isExported(target.pathname) ? resolverFor(file)(target) : null;
      if (resolved?.kind !== "file") {
        broken.push({ url: url.pathname + url.search, status: response.status, linkedFrom });
        return;
      }
      await out.write(file, redirectPage(resolved.href + target.hash));
      return;
    }
    if (response.status !== 200 || !response.body) {
      await response.body?.cancel();
      broken.push({ url: url.pathname + url.search, status: response.status, linkedFrom });
      return;
    }
    const type = response.headers.get("content-type") ?? "";
    if (type.startsWith("text/html")) {
      await out.write(file, Buffer.from(rewriteHtml(await response.text(), url, resolverFor(file))));
    } else if (type.startsWith("text/css")) {
      await out.write(file, Buffer.from(rewriteCss(await response.text(), url, resolverFor(file))));
    } else {
      await out.writeStream(file, Readable.fromWeb(response.body as ReadableStream<Uint8Array>));
    }
  }

  try {
    for (const path of start) enqueue(new URL(path, origin), "");
    let next = 0;
    let active = 0;
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      const pump = () => {
        while (!failed && active < CONCURRENCY && next < queue.length) {
          const item = queue[next]!;
          queue[next++] = undefined;
          active++;
          visit(item).then(
            () => {
              active--;
              done++;
              onProgress?.(done, queue.length);
              if (active === 0 && next === queue.length) resolve();
              else pump();
            },
            (error: unknown) => {
              failed = true;
              reject(error);
            },
          );
        }
      };
      pump();
    });
  } finally {
    server.close();
    server.closeAllConnections();
  }
  return { ...(await out.finish()), broken };
}
