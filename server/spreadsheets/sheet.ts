/**
 * Spreadsheets in and out, whatever their layout: a sheet is a header row and rows of cells, each cell with
 * its address (`C14`) so that every problem can be pointed at. XLSX is read with exceljs, CSV with csv-parse
 * (UTF-8, with or without BOM, comma or — as Hungarian Excel saves it — semicolon separated). Writing streams:
 * rows go out as they come, so the memory an export needs does not grow with the portfolio.
 */
import type { Writable } from "node:stream";
import type ExcelJS from "exceljs";
import { parse as parseCsv } from "csv-parse/sync";
import { stringify } from "csv-stringify";
import { ValidationError, ValidationErrors } from "../errors.js";

/** What a cell holds once read: text, a number, a calendar day (a date cell), or nothing. */
export type CellValue = string | number | Date | null;

export interface SheetRow {
  /** The row's number in the sheet (the header is 1). */
  number: number;
  cells: CellValue[];
}

export interface Sheet {
  headers: string[];
  rows: SheetRow[];
}

/** A, B, … Z, AA, AB …: the column letter of a 0-based index. */
export function columnLetter(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

export const cellAddress = (column: number, row: number) => `${columnLetter(column)}${row}`;

/** An XLSX file is a ZIP archive: it starts with PK\x03\x04. */
export function isXlsx(content: Buffer): boolean {
  return content.length >= 4 && content.readUInt32LE(0) === 0x04034b50;
}

function cellValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value.trim() === "" ? null : value;
  if (typeof value === "number" || value instanceof Date) return value;
  if (typeof value === "boolean") return value ? "igaz" : "hamis";
  if (typeof value === "object") {
    if ("richText" in value) return cellValue(value.richText.map((part) => part.text).join(""));
    if ("result" in value) return cellValue((value.result ?? null) as ExcelJS.CellValue);
    if ("text" in value) return cellValue(value.text as ExcelJS.CellValue);
    if ("error" in value) return null;
  }
  return String(value);
}

/** exceljs is loaded when a workbook is first read or written, not at start-up, which it would slow by a third. */
const loadExcelJs = async (): Promise<typeof ExcelJS> => (await import("exceljs")).default;

async function readXlsx(content: Buffer): Promise<Sheet> {
  const workbook = new (await loadExcelJs()).Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ExcelJS.Buffer);
  } catch {
    throw new ValidationErrors([new ValidationError("a fájl nem olvasható XLSX munkafüzet")]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new ValidationErrors([new ValidationError("a munkafüzetben nincs munkalap")]);
  const rows: SheetRow[] = [];
  let headers: string[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const values = row.values as ExcelJS.CellValue[];
    // exceljs counts columns from 1: values[0] is always empty.
    const cells = values.slice(1).map(cellValue);
    if (number === 1) headers = cells.map((c) => (c === null ? "" : String(c).trim()));
    else rows.push({ number, cells });
  });
  return { headers, rows };
}

function readCsv(content: Buffer): Sheet {
  const text = content.toString("utf8");
  const firstLine = text.slice(0, Math.max(0, text.indexOf("\n")) || text.length);
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
  let records: string[][];
  try {
    records = parseCsv(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new ValidationErrors([new ValidationError(`a CSV-fájl nem olvasható${line ? ` a(z) ${line}. sorban` : ""}: ${(error as Error).message}`)]);
  }
  const [header = [], ...body] = records;
  return {
    headers: header.map((h) => h.trim()),
    rows: body.map((cells, i) => ({ number: i + 2, cells: cells.map((c) => (c.trim() === "" ? null : c)) })),
  };
}

/** Reads the first sheet of an XLSX file, or a CSV file. */
export async function readSheet(content: Buffer): Promise<Sheet> {
  if (content.length === 0) throw new ValidationErrors([new ValidationError("üres fájl")]);
  return isXlsx(content) ? readXlsx(content) : readCsv(content);
}

/** A column of a sheet as written: its header and how its cells look. */
export interface OutColumn {
  header: string;
  kind: "text" | "amount" | "date";
  width: number;
}

/** Whole forints: the number stays a number, Excel shows it with grouping and "Ft". */
export const FORINT_FORMAT = '#,##0 "Ft"';
export const DAY_FORMAT = "yyyy.mm.dd.";

export interface SheetWriter {
  /** Adds a row; waits when the output is busy. */
  add(cells: CellValue[]): Promise<void>;
  /** The totals row under the rows (XLSX only), then the end of the file. */
  end(totals?: { label: string; sums: Array<number | null> }): Promise<void>;
}

/** Streams an XLSX workbook of one sheet: Hungarian headers in bold, the header row frozen. */
export async function xlsxWriter(out: Writable, sheetName: string, columns: readonly OutColumn[]): Promise<SheetWriter> {
  const workbook = new (await loadExcelJs()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: c.header,
    width: c.width,
    style: c.kind === "amount" ? { numFmt: FORINT_FORMAT } : c.kind === "date" ? { numFmt: DAY_FORMAT } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  let last = 1;
  return {
    async add(cells) {
      sheet.addRow(cells).commit();
      last++;
    },
    async end(totals) {
      if (totals) {
        const row = sheet.addRow(
          columns.map((c, i) => {
            if (i === 0) return totals.label;
            const sum = totals.sums[i];
            if (c.kind !== "amount" || sum === null || sum === undefined) return null;
            const letter = columnLetter(i);
            return { formula: `SUM(${letter}2:${letter}${last})`, result: sum };
          }),
        );
        row.font = { bold: true };
        row.commit();
      }
      sheet.commit();
      await workbook.commit();
    },
  };
}

/** Streams CSV: UTF-8 with a BOM (so Excel reads the accents), comma separated, one header row. */
export function csvWriter(out: Writable, columns: readonly OutColumn[]): SheetWriter {
  const stringifier = stringify({ bom: true, header: true, columns: columns.map((c) => c.header), cast: { date: (d) => d.toISOString().slice(0, 10) } });
  stringifier.pipe(out);
  return {
    async add(cells) {
      if (!stringifier.write(cells)) await new Promise((resolve) => stringifier.once("drain", resolve));
    },
    async end() {
      await new Promise<void>((resolve, reject) => {
        out.once("finish", resolve);
        // A client that goes away closes the response without finishing it.
        out.once("close", resolve);
        out.once("error", reject);
        stringifier.end();
      });
    },
  };
}
