/**
 * Open data: the list of operations as CSV and JSON at stable addresses, and a
 * page that describes them. Both files are streamed batch by batch as the
 * database hands them over, so a response never holds the whole portfolio.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Router, type RequestHandler, type Response } from "express";
import { stringify, type Options } from "csv-stringify/sync";
import type { Operation } from "../../domain/operationsList.js";
import { OPERATION_COLUMNS, OPERATION_HEADERS, operationCsvRecord, operationJson } from "../../presenters/operationsListPresenter.js";
import type { Services } from "../../services/index.js";
import { publicPageCaching } from "../../middleware/publicCaching.js";

/** `;` and a BOM: Excel under Hungarian settings opens the file in columns, accents intact. */
const CSV: Options = { delimiter: ";", record_delimiter: "windows", escape_formulas: true };

async function* csvChunks(batches: AsyncIterable<Operation[]>): AsyncGenerator<string> {
  yield stringify([], { ...CSV, bom: true, header: true, columns: OPERATION_HEADERS });
  for await (const batch of batches) yield stringify(batch.map(operationCsvRecord), CSV);
}

/** One JSON array, an object per line. */
async function* jsonChunks(batches: AsyncIterable<Operation[]>): AsyncGenerator<string> {
  let separator = "\n";
  yield "[";
  for await (const batch of batches) {
    yield batch.map((operation) => {
      const line = separator + JSON.stringify(operationJson(operation));
      separator = ",\n";
      return line;
    }).join("");
  }
  yield "\n]\n";
}

/** Sends the chunks as they come; a client that stops reading ends the reading of the database too. */
async function send(res: Response, chunks: AsyncGenerator<string>): Promise<void> {
  try {
    await pipeline(Readable.from(chunks), res);
  } catch (error) {
    // A download the client broke off is not a failure of ours.
    if ((error as NodeJS.ErrnoException).code !== "ERR_STREAM_PREMATURE_CLOSE") throw error;
  }
}

/** `cached`: the public page cache's middleware (middleware/publicCaching.ts); the files are streamed, not kept. */
export function openDataRoutes({ openData }: Services, cached: RequestHandler): Router {
  const router = Router();

  router.get("/nyilt-adatok", cached, (_req, res) => {
    res.render("pages/public/openData.hbs", {
      pageTitle: "Nyílt adatok",
      publicPage: true,
      columns: OPERATION_COLUMNS.map(({ header, key, meaning }) => ({ header, key, meaning })),
    });
  });

  router.get("/nyilt-adatok/projektek.csv", publicPageCaching, async (_req, res) => {
    res.type("text/csv; charset=utf-8");
    await send(res, csvChunks(openData.operations()));
  });

  router.get("/nyilt-adatok/projektek.json", publicPageCaching, async (_req, res) => {
    res.type("application/json; charset=utf-8");
    await send(res, jsonChunks(openData.operations()));
  });

  return router;
}
