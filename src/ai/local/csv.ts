/**
 * RFC 4180 CSV parsing for labelled intent data (`text,label`).
 *
 * Fields may be quoted; inside quotes, commas, CR/LF and doubled quotes (`""`)
 * are literal. Line endings may be LF or CRLF (the public data sets use CRLF).
 * A UTF-8 BOM is ignored. Errors name the file and the 1-based physical line
 * where the offending record starts, because the person fixing a 10,000-row
 * file needs to jump straight to it.
 */
import { ThreadlineError } from "../../core/errors.js";

/** One parsed record with the physical line (1-based) it starts on. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/** A malformed CSV file; `file` and `line` locate the problem. */
export class CsvError extends ThreadlineError {
  constructor(readonly file: string, readonly line: number, readonly reason: string) {
    super("csv_invalid", `${file}:${line}: ${reason}`, { file, line });
  }
}

/**
 * Parses CSV text into records. Blank lines (outside quotes) are skipped.
 * Throws {@link CsvError} on an unterminated quoted field or on a quote that
 * appears in the middle of an unquoted field or after a closing quote.
 */
export function parseCsv(text: string, file = "<csv>"): CsvRecord[] {
  const records: CsvRecord[] = [];
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const n = src.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let field = "";
    let atRecordEnd = false;
    let sawAnything = false;
    while (!atRecordEnd) {
      // Start of a field.
      if (i < n && src[i] === '"') {
        sawAnything = true;
        i++;
        let closed = false;
        while (i < n) {
          const ch = src[i]!;
          if (ch === '"') {
            if (src[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (ch === "\n") line++;
          field += ch;
          i++;
        }
        if (!closed) throw new CsvError(file, startLine, "unterminated quoted field");
        // After the closing quote only a separator or end of record may follow.
        if (i < n && src[i] !== "," && src[i] !== "\n" && src[i] !== "\r") {
          throw new CsvError(file, line, `unexpected character ${JSON.stringify(src[i])} after closing quote`);
        }
      } else {
        while (i < n) {
          const ch = src[i]!;
          if (ch === "," || ch === "\n" || ch === "\r") break;
          if (ch === '"') throw new CsvError(file, line, "quote inside an unquoted field (quote the whole field and double the quote)");
          field += ch;
          i++;
        }
        if (field.length > 0) sawAnything = true;
      }
      fields.push(field);
      field = "";
      if (i >= n) {
        atRecordEnd = true;
      } else if (src[i] === ",") {
        sawAnything = true;
        i++;
      } else {
        // CR, LF or CRLF ends the record.
        if (src[i] === "\r") i++;
        if (src[i] === "\n") i++;
        line++;
        atRecordEnd = true;
      }
    }
    if (sawAnything) records.push({ fields, line: startLine });
  }
  return records;
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
