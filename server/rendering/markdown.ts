/**
 * Notices are written in Markdown and shown to the public as HTML: this is the one place that turns
 * one into the other. Two layers, each enough on its own for what it guards: markdown-it never passes
 * raw HTML through (`html: false`) and refuses script-like links, and sanitize-html then keeps only
 * the allow-list below, whatever markdown-it (or a future option of it) produced.
 */
import MarkdownIt from "markdown-it";
import sanitizeHtml from "sanitize-html";

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });

/**
 * The one allow-list. Headings start at h2: the page's own h1 is the notice's title. Links only to
 * http(s) and e-mail addresses, images only from http(s); no style, no SVG, no frames, no forms, no
 * attribute beyond those named (so no event handlers).
 */
const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "h2", "h3", "h4", "strong", "em", "s", "a", "ul", "ol", "li", "blockquote", "code", "pre", "hr", "img", "table", "thead", "tbody", "tr", "th", "td"],
  allowedAttributes: { a: ["href", "title", "rel"], img: ["src", "alt", "title"], ol: ["start"], th: ["align"], td: ["align"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["http", "https"] },
  allowProtocolRelative: false,
  // Everything else goes with its content: a <script> or <style> body must not survive as text either.
  disallowedTagsMode: "discard",
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "svg", "math", "iframe", "object"],
  transformTags: {
    h1: "h2",
    h5: "h4",
    h6: "h4",
    // Readers leave for someone else's site: it gets no handle on this page and no endorsement.
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: "noopener nofollow" } }),
  },
};

/** HTML cut down to the allow-list: what any notice HTML passes through before a page or feed shows it. */
export function sanitiseNoticeHtml(html: string): string {
  return sanitizeHtml(html, ALLOWED);
}

/** A notice's Markdown as the sanitised HTML the public sees. */
export function renderMarkdown(source: string): string {
  return sanitiseNoticeHtml(markdown.render(source));
}
