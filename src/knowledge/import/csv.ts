import { readCsv, type CsvRecord } from "../../core/util/csv.js";

/**
 * Rows of a help-centre CSV export, with the delimiter (comma, semicolon or
 * tab) taken from the header line: exports from European tools often use
 * semicolons.
 */
export function parseCsv(text: string, file?: string): string[][] {
  return records(text, file).map((r) => r.fields);
}

function records(text: string, file?: string): CsvRecord[] {
  return readCsv(text, { delimiter: "detect", ...(file ? { file } : {}) });
}

export interface QaRow {
  question: string;
  answer: string;
  category: string | null;
  /** 1-based line of the row's first line in the file. */
  line: number;
}

const COLUMN = {
  question: ["question", "q", "title", "frage"],
  answer: ["answer", "a", "body", "antwort", "content"],
  category: ["category", "section", "topic", "kategorie", "scenario"],
};

/** Question/answer rows of a CSV with a header naming the columns; throws when either column is missing. */
export function readQaCsv(text: string, file?: string): QaRow[] {
  const rows = records(text, file);
  const header = (rows[0]?.fields ?? []).map((h) => h.trim().toLowerCase());
  const col = (names: string[]) => header.findIndex((h) => names.includes(h));
  const q = col(COLUMN.question);
  const a = col(COLUMN.answer);
  const c = col(COLUMN.category);
  if (q < 0 || a < 0) throw new Error(`expected a header with "question" and "answer" columns, got: ${header.join(", ") || "(empty)"}`);
  const out: QaRow[] = [];
  for (const { fields: r, line } of rows.slice(1)) {
    const question = (r[q] ?? "").trim();
    const answer = (r[a] ?? "").trim();
    if (question !== "" || answer !== "") out.push({ question, answer, category: c >= 0 ? (r[c] ?? "").trim() || null : null, line });
  }
  return out;
}
