/**
 * The one CSV reader (RFC 4180 via csv-parse): quoted fields may hold the
 * delimiter, doubled quotes and line breaks; LF, CRLF and CR line endings may
 * even be mixed (all read as LF, also inside fields); a UTF-8 BOM is ignored; blank lines are skipped. Each record
 * carries the 1-based physical line it starts on, counted over blank lines and
 * line breaks inside quotes, because the person fixing a 10,000-row file needs
 * to jump straight to it.
 *
 * The intent-data reader and the help-centre importer had two hand-written
 * parsers that disagreed on the same input, and the importer's line numbers
 * were wrong after blank lines (issue 18); both now read through here.
 */
import { CsvError as ParseError, parse } from "csv-parse/sync";
import { ThreadlineError } from "../errors.js";

/** One record with the physical line (1-based) it starts on. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/** A malformed CSV file; `file` and `line` locate the problem. */
export class CsvError extends ThreadlineError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super("csv_invalid", `${file}:${line}: ${reason}`, { file, line });
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

export interface CsvOptions {
  /** Shown in errors. */
  file?: string;
  /** Field delimiter; `"detect"` takes the most frequent of comma, semicolon and tab in the first line. */
  delimiter?: "," | ";" | "\t" | "detect";
}

const LINE_BREAK = /\n/g;

/** Messages of csv-parse's error codes, as the person fixing the file reads them. */
function reason(e: ParseError): string {
  switch (e.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return "unterminated quoted field";
    case "INVALID_OPENING_QUOTE":
      return "quote inside an unquoted field (quote the whole field and double the quote)";
    case "CSV_INVALID_CLOSING_QUOTE": {
      const got = /got "(.*?)" at line/.exec(e.message)?.[1];
      return `unexpected character ${got === undefined ? "" : `${JSON.stringify(got)} `}after closing quote`;
    }
    default:
      return e.message;
  }
}

function detectDelimiter(text: string): "," | ";" | "\t" {
  const first = text.slice(0, text.search(/\r|\n|$/));
  const counts = ([",", ";", "\t"] as const).map((d) => [d, first.split(d).length] as const);
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
}

/** Parses CSV text into records; throws {@link CsvError} naming the file and line of a malformed record. */
export function readCsv(text: string, options: CsvOptions = {}): CsvRecord[] {
  const file = options.file ?? "<csv>";
  // Line endings unified first (also inside quoted fields, where CRLF becomes LF): csv-parse counts
  // lines wrongly when CRLF and LF are mixed in one file, and the line numbers must be exact.
  const src = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, "\n");
  const delimiter = !options.delimiter || options.delimiter === "detect" ? detectDelimiter(src) : options.delimiter;
  try {
    const rows = parse(src, {
      delimiter,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      record_delimiter: "\n",
    }) as unknown as { record: string[]; info: { lines: number } }[];
    // info.lines is the line the record ends on; its quoted line breaks give where it started.
    return rows.map(({ record, info }) => ({ fields: record, line: info.lines - record.reduce((n, f) => n + (f.match(LINE_BREAK)?.length ?? 0), 0) }));
  } catch (e) {
    if (e instanceof ParseError) {
      const lines = (e as ParseError & { lines?: number }).lines ?? 1;
      throw new CsvError(file, lines, reason(e), { cause: e });
    }
    throw e;
  }
}
