/**
 * RFC 4180 CSV parsing for labelled intent data (`text,label`).
 *
 * Fields may be quoted; inside quotes, commas, CR/LF and doubled quotes (`""`)
 * are literal. Line endings may be LF or CRLF (the public data sets use CRLF).
 * A UTF-8 BOM is ignored. Errors name the file and the 1-based physical line
 * where the offending record starts, because the person fixing a 10,000-row
 * file needs to jump straight to it.
 */
import { CsvError, readCsv, type CsvRecord } from "../../core/util/csv.js";

export { CsvError, type CsvRecord };

/** Parses CSV text into records (blank lines skipped); throws {@link CsvError} naming file and line. */
export function parseCsv(text: string, file = "<csv>"): CsvRecord[] {
  return readCsv(text, { file, delimiter: "," });
}

/** One labelled example as read from a `text,label` file. */
export interface LabelledRow {
  text: string;
  label: string;
  line: number;
}

/**
 * Reads a `text,label` CSV (header required, column order free, extra columns
 * ignored). Every row must have a non-empty text and label; otherwise a
 * {@link CsvError} names the line.
 */
export function parseLabelledCsv(text: string, file = "<csv>"): LabelledRow[] {
  const records = parseCsv(text, file);
  const header = records[0];
  if (!header) throw new CsvError(file, 1, "empty file: expected a header `text,label`");
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const textCol = names.indexOf("text");
  const labelCol = names.indexOf("label");
  if (textCol < 0 || labelCol < 0) {
    throw new CsvError(file, header.line, `header must contain columns "text" and "label", got ${JSON.stringify(header.fields)}`);
  }
  const rows: LabelledRow[] = [];
  for (let r = 1; r < records.length; r++) {
    const rec = records[r]!;
    if (rec.fields.length !== header.fields.length) {
      throw new CsvError(file, rec.line, `expected ${header.fields.length} fields, got ${rec.fields.length}`);
    }
    const rowText = rec.fields[textCol]!.trim();
    const label = rec.fields[labelCol]!.trim();
    if (!rowText) throw new CsvError(file, rec.line, "empty text");
    if (!label) throw new CsvError(file, rec.line, "empty label");
    rows.push({ text: rowText, label, line: rec.line });
  }
  return rows;
}
