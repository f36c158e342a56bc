/**
 * Links of an exported page or stylesheet made relative to the exported files.
 * Links to pages that are not exported (staff pages, the login) are taken out,
 * and so are forms: a static copy has nothing to submit them to.
 */
import { load } from "cheerio";

/** Where a link points: outside the site, to a part of it that is not exported, or to an exported file. */
export type LinkTarget = { kind: "external" } | { kind: "excluded" } | { kind: "file"; href: string };

/** Decides (and records) what a link found on the page at `pageUrl` becomes. */
export type Resolve = (url: URL) => LinkTarget;

const URL_ATTRIBUTES = ["href", "src", "poster", "data", "xlink:href"];
const NAVIGATION = "a, area, link";
const CSS_URL = /url\(\s*(['"]?)([^'")]+)\1\s*\)/g;

/** The new value of one link; null when the link must go. */
function rewriteValue(value: string, pageUrl: URL, resolve: Resolve): string | null {
  const trimmed = value.trim();
  if (trimmed === "" || trimmed.startsWith("#")) return value;
  let url: URL;
  try {
    url = new URL(trimmed, pageUrl);
  } catch {
    return value;
  }
  if (url.origin !== pageUrl.origin) return value;
  const target = resolve(url);
  if (target.kind === "external") return value;
  if (target.kind === "excluded") return null;
  return target.href + url.hash;
}

export function rewriteCss(css: string, pageUrl: URL, resolve: Resolve): string {
  return css.replace(CSS_URL, (whole, quote: string, value: string) => {
    const rewritten = rewriteValue(value, pageUrl, resolve);
    return rewritten === null ? whole : `url(${quote}${rewritten}${quote})`;
  });
}

export function rewriteHtml(html: string, pageUrl: URL, resolve: Resolve): string {
  const $ = load(html);
  $("form").remove();
  for (const attribute of URL_ATTRIBUTES) {
    $(`[${attribute.replace(":", "\\:")}]`).each((_i, element) => {
      const node = $(element);
      const rewritten = rewriteValue(node.attr(attribute) ?? "", pageUrl, resolve);
      if (rewritten !== null) {
        node.attr(attribute, rewritten);
      } else if (node.is(NAVIGATION)) {
        const parent = node.parent();
        node.remove();
        // A list item that held only the link goes with it.
        if (parent.is("li") && parent.text().trim() === "" && parent.children().length === 0) parent.remove();
      } else {
        node.removeAttr(attribute);
      }
    });
  }
  $("[srcset]").each((_i, element) => {
    const node = $(element);
    const candidates = (node.attr("srcset") ?? "").split(",").flatMap((candidate) => {
      const [value = "", ...descriptor] = candidate.trim().split(/\s+/);
      const rewritten = rewriteValue(value, pageUrl, resolve);
      return rewritten === null ? [] : [[rewritten, ...descriptor].join(" ")];
    });
    node.attr("srcset", candidates.join(", "));
  });
  $("style").each((_i, element) => {
    $(element).text(rewriteCss($(element).text(), pageUrl, resolve));
  });
  $("[style]").each((_i, element) => {
    $(element).attr("style", rewriteCss($(element).attr("style") ?? "", pageUrl, resolve));
  });
  return $.html();
}
