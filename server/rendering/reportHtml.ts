/** A report view as a standalone HTML page: linked stylesheet on the web, inlined in a file the command line writes. */
import fs from "node:fs";
import path from "node:path";
import type { ReportView } from "../presenters/closureReportPresenter.js";
import { createHandlebars, TEMPLATES_DIR } from "./viewEngine.js";

const template = createHandlebars().compile(fs.readFileSync(path.join(TEMPLATES_DIR, "reports", "report.hbs"), "utf8"), { strict: false });
const STYLESHEET = path.join(TEMPLATES_DIR, "..", "public", "report.css");

export interface ReportHtmlOptions {
  /** Links back to the project and to the PDF, for the page staff open (not for a file). */
  actions?: { back: string; pdf: string };
  /** Put the stylesheet in the page, so a saved file shows and prints the same without the server. */
  standalone?: boolean;
}

export function reportHtml(view: ReportView, options: ReportHtmlOptions = {}): string {
  return template({
    ...view,
    sections: view.sections.map((section) => ({
      ...section,
      tables: section.tables.map((t) => ({
        ...t,
        rows: t.rows.map((row) => row.map((text, i) => ({ text, numeric: t.columns[i]?.numeric ?? false }))),
      })),
    })),
    actions: options.actions ?? null,
    inlineCss: options.standalone ? fs.readFileSync(STYLESHEET, "utf8") : null,
  });
}
