/** A project's closure report for staff: the HTML page (prints on A4) and the same report as a PDF. */
import { Router } from "express";
import { requireAction } from "../../middleware/auth.js";
import { closureReportView } from "../../presenters/closureReportPresenter.js";
import { closureReportPath, staffPath } from "../../presenters/projectPresenter.js";
import { reportHtml } from "../../rendering/reportHtml.js";
import { reportPdf } from "../../rendering/reportPdf.js";
import type { Services } from "../../services/index.js";

/** "zarasi-jelentes-KOFOP-1.0.0-VEKOP-15-2016-00041.pdf": the reference in letters a file name keeps everywhere. */
const fileName = (reference: string) =>
  `zarasi-jelentes-${reference.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^A-Za-z0-9._-]+/g, "-")}.pdf`;

export function closureRoutes({ closureReports }: Services): Router {
  const router = Router();

  router.get("/kezelo/projektek/:key/zarasi-jelentes", requireAction("read_staff_pages"), async (req, res) => {
    const report = await closureReports.report(String(req.params.key));
    const project = { id: report.project.id, identifier: report.project.record.identifier };
    res.type("html").send(reportHtml(closureReportView(report), { actions: { back: staffPath(project), pdf: closureReportPath(project, "pdf") } }));
  });

  router.get("/kezelo/projektek/:key/zarasi-jelentes.pdf", requireAction("read_staff_pages"), async (req, res) => {
    const view = closureReportView(await closureReports.report(String(req.params.key)));
    res.type("application/pdf").attachment(fileName(view.reference)).send(await reportPdf(view));
  });

  return router;
}
