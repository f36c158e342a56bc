/**
 * A report view as a PDF, made in-process with pdfmake (no browser): A4, the sections and tables of the
 * HTML page in the same order, page numbers, and the title and date in the document's metadata. The
 * font is pdfmake's own Roboto, embedded; it has every Hungarian letter (ő, ű: Latin Extended-A).
 */
import { createRequire } from "node:module";
import path from "node:path";
import type { Content, TableCell, TDocumentDefinitions } from "pdfmake/interfaces.js";
import type { ReportTable, ReportView } from "../presenters/closureReportPresenter.js";

const FONT_DIR = path.join(path.dirname(createRequire(import.meta.url).resolve("pdfmake/package.json")), "fonts", "Roboto");

const MARGIN = 40;

function tableContent(t: ReportTable): Content {
  if (t.rows.length === 0) {
    return { text: [{ text: `${t.caption}: `, bold: true }, t.empty], margin: [0, 2, 0, 8] };
  }
  const header: TableCell[] = t.columns.map((c) => ({ text: c.label, bold: true, alignment: c.numeric ? "right" : "left" }));
  const body: TableCell[][] = t.rows.map((row) => row.map((text, i) => ({ text, alignment: t.columns[i]?.numeric ? "right" : "left" })));
  return {
    stack: [
      { text: t.caption, bold: true, margin: [0, 4, 0, 2] },
      {
        table: { headerRows: 1, dontBreakRows: true, widths: t.columns.map((c) => (c.numeric ? "auto" : "*")), body: [header, ...body] },
        layout: "lightHorizontalLines",
        fontSize: t.columns.length > 6 ? 7 : 8,
      },
    ],
    margin: [0, 0, 0, 8],
  };
}

export function reportDefinition(view: ReportView): TDocumentDefinitions {
  const title = `${view.title} – ${view.reference}`;
  return {
    info: { title, subject: view.projectTitle, author: "Projekttár", creator: "Projekttár", creationDate: new Date(view.madeAtIso) },
    pageSize: "A4",
    // A section heading never ends a page: it moves over to the page its content starts on.
    pageBreakBefore: (node, nodes) => node.headlineLevel === 1 && nodes.getFollowingNodesOnPage().length === 0,
    pageMargins: [MARGIN, 50, MARGIN, 50],
    defaultStyle: { font: "Roboto", fontSize: 9, lineHeight: 1.15 },
    header: { text: title, fontSize: 7, color: "#555555", margin: [MARGIN, 24, MARGIN, 0] },
    footer: (page: number, pages: number) => ({
      columns: [
        { text: `Készült: ${view.madeAt}`, fontSize: 7, color: "#555555" },
        { text: `${page}. oldal / ${pages}`, fontSize: 8, alignment: "right" },
      ],
      margin: [MARGIN, 16, MARGIN, 0],
    }),
    content: [
      { text: view.title.toUpperCase(), fontSize: 9, color: "#555555" },
      { text: view.projectTitle, fontSize: 16, bold: true, margin: [0, 2, 0, 2] },
      { text: view.reference, fontSize: 10 },
      { text: `Készült: ${view.madeAt}`, fontSize: 9, color: "#555555", margin: [0, 2, 0, 8] },
      ...view.sections.map(
        (section): Content => ({
          stack: [
            { text: section.heading, fontSize: 12, bold: true, color: "#0b4f8a", margin: [0, 10, 0, 4], headlineLevel: 1 },
            ...(section.facts.length
              ? [
                  {
                    table: { widths: [150, "*"], body: section.facts.map((f) => [{ text: f.label, bold: true }, f.value]) },
                    layout: "noBorders",
                    margin: [0, 0, 0, 6],
                  } as Content,
                ]
              : []),
            ...section.tables.map(tableContent),
          ],
        }),
      ),
    ],
  };
}

/** pdfmake, configured; loaded on the first report rather than at start-up, which it would slow by a third. */
let configured: Promise<typeof import("pdfmake")> | undefined;
function loadPdfmake(): Promise<typeof import("pdfmake")> {
  configured ??= import("pdfmake").then(({ default: pdfmake }) => {
    pdfmake.setFonts({
      Roboto: {
        normal: path.join(FONT_DIR, "Roboto-Regular.ttf"),
        bold: path.join(FONT_DIR, "Roboto-Medium.ttf"),
        italics: path.join(FONT_DIR, "Roboto-Italic.ttf"),
        bolditalics: path.join(FONT_DIR, "Roboto-MediumItalic.ttf"),
      },
    });
    // A report is made from our own data only: no fetching, and no files but the fonts.
    pdfmake.setUrlAccessPolicy(() => false);
    pdfmake.setLocalAccessPolicy((file) => path.resolve(file).startsWith(FONT_DIR));
    return pdfmake;
  });
  return configured;
}

export async function reportPdf(view: ReportView): Promise<Buffer> {
  const pdfmake = await loadPdfmake();
  return pdfmake.createPdf(reportDefinition(view)).getBuffer();
}
