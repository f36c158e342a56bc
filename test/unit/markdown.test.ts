/**
 * Notice Markdown becomes HTML through one allow-list. The hostile payloads are tried both through
 * the Markdown renderer and straight against the sanitiser, so that each layer is shown to hold on its
 * own: markdown-it escaping raw HTML must not be what makes the sanitiser's tests pass.
 */
import { expect } from "chai";
import * as cheerio from "cheerio";
import { renderMarkdown, sanitiseNoticeHtml } from "../../server/rendering/markdown.js";

/** Every element and attribute of a fragment, for checks that do not depend on how the HTML is spelt. */
function inventory(html: string) {
  const $ = cheerio.load(html, null, false);
  const elements = $("*").toArray().map((e) => ({ tag: String($(e).prop("tagName")).toLowerCase(), attribs: $(e).attr() ?? {} }));
  return {
    tags: elements.map((e) => e.tag),
    attributes: elements.flatMap((e) => Object.entries(e.attribs).map(([name, value]) => ({ tag: e.tag, name: name.toLowerCase(), value }))),
    text: $.root().text(),
  };
}

const SCHEME = /^\s*([a-z][a-z0-9+.-]*):/i;
/** No element may carry an event handler, a style, or a URL of a scheme beyond http(s) and mailto. */
function expectHarmless(html: string) {
  const { tags, attributes } = inventory(html);
  expect(tags, html).not.to.include.members(["script", "svg", "iframe", "style", "object", "embed", "form", "math", "base", "meta", "link"]);
  for (const { tag, name, value } of attributes) {
    expect(name, `${tag}[${name}] in ${html}`).not.to.match(/^on|^style$|^srcdoc$|^formaction$|^xlink:href$/);
    if (["href", "src"].includes(name)) {
      const scheme = SCHEME.exec(value)?.[1]?.toLowerCase();
      expect(scheme === undefined || ["http", "https", "mailto"].includes(scheme), `${tag}[${name}]="${value}" in ${html}`).to.equal(true);
    }
  }
}

const HOSTILE_HTML = [
  "<script>alert(1)</script>",
  "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
  '<img src="x" onerror="alert(1)">',
  "<img src=x OnError=alert(1)>",
  '<p onclick="alert(1)" style="background:url(javascript:alert(1))">szöveg</p>',
  '<a href="javascript:alert(1)">kattints</a>',
  '<a href="JaVaScRiPt:alert(1)">kattints</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)">kattints</a>',
  '<a href="&#x6A;avascript&#x3A;alert(1)">kattints</a>',
  '<a href="java&#x09;script:alert(1)">kattints</a>',
  '<a href=" javascript:alert(1)">kattints</a>',
  '<a href="vbscript:msgbox(1)">kattints</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">kattints</a>',
  '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
  '<svg onload="alert(1)"><circle r="10"/></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
  "<svg><script>alert(1)</script></svg>",
  '<math><mtext><a href="javascript:alert(1)">x</a></mtext></math>',
  '<iframe src="https://evil.example"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  "<style>body { display: none }</style>",
  '<object data="https://evil.example/x.swf"></object>',
  '<form action="https://evil.example"><button formaction="javascript:alert(1)">x</button></form>',
  '<base href="https://evil.example/">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
];

describe("notice Markdown", () => {
  it("renders what writers use: paragraphs, emphasis, lists, links and headings below the page's own", () => {
    const html = renderMarkdown("# Eredmények\n\nA projekt **sikeresen** lezárult.\n\n- első\n- második\n\n[Részletek](https://pest.gov.hu/projekt)");
    const $ = cheerio.load(html, null, false);
    expect($("h1")).to.have.length(0);
    expect($("h2").text()).to.equal("Eredmények");
    expect($("strong").text()).to.equal("sikeresen");
    expect($("li").toArray().map((li) => $(li).text())).to.deep.equal(["első", "második"]);
    expect($("a").attr("href")).to.equal("https://pest.gov.hu/projekt");
  });

  it("gives every link rel=noopener nofollow, typed or found in the text", () => {
    const html = renderMarkdown("[oldal](https://example.hu) és https://masik.example.hu");
    const $ = cheerio.load(html, null, false);
    expect($("a").toArray().map((a) => $(a).attr("rel"))).to.deep.equal(["noopener nofollow", "noopener nofollow"]);
    expect(sanitiseNoticeHtml('<a href="https://x.hu" rel="opener" target="_blank">x</a>')).to.equal('<a href="https://x.hu" rel="noopener nofollow">x</a>');
  });

  describe("hostile HTML straight to the sanitiser", () => {
    for (const payload of HOSTILE_HTML) {
      it(payload, () => {
        const html = sanitiseNoticeHtml(payload);
        expectHarmless(html);
        expect(html.toLowerCase()).not.to.match(/alert\(1\)|javascript|evil\.example/);
      });
    }
  });

  describe("hostile Markdown", () => {
    const payloads = [
      ...HOSTILE_HTML,
      "[kattints](javascript:alert(1))",
      "[kattints](JAVASCRIPT:alert(1))",
      "[kattints](&#106;avascript:alert(1))",
      "[kattints](java%73cript:alert(1))",
      "[kattints](<javascript:alert(1)>)",
      "[kattints](data:text/html;base64,PHNjcmlwdD4=)",
      "![kép](data:image/png;base64,iVBORw0KGgo=)",
      "![kép](javascript:alert(1))",
      '[kattints](https://example.hu "x\\" onmouseover=\\"alert(1)")',
      "<javascript:alert(1)>",
      "[ref]\n\n[ref]: javascript:alert(1)",
    ];
    for (const payload of payloads) {
      it(payload.replace(/\n/g, "⏎"), () => expectHarmless(renderMarkdown(payload)));
    }
  });

  it("keeps a data: image out even where Markdown itself would let it through", () => {
    const { tags, attributes } = inventory(renderMarkdown("![kép](data:image/png;base64,iVBORw0KGgo=)"));
    expect(tags).to.include("img");
    expect(attributes.filter((a) => a.name === "src")).to.deep.equal([]);
  });

  it("shows raw HTML typed in a notice as text, never as markup", () => {
    const html = renderMarkdown('Kép: <img src=x onerror="alert(1)">');
    expect(inventory(html).tags).to.deep.equal(["p"]);
    expect(inventory(html).text).to.contain("<img src=x");
  });
});
