/**
 * A small RFC 4180 CSV reader (quoted fields, doubled quotes, line breaks
 * inside quotes, CRLF), with the delimiter (comma, semicolon or tab) taken
 * from the header line — help-centre exports from European tools often use
 * semicolons.
 */
export function parseCsv(text: string): string[][] {
  const src = text.replace(/^\uFEFF/, "");
  const header = src.slice(0, src.search(/\r?\n|$/));
  const delimiter = [",", ";", "\t"].map((d) => [d, header.split(d).length] as const).sort((a, b) => b[1] - a[1])[0]![0];
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && src[i + 1] === "\n") i++;
      row.push(field);
      if (row.some((f) => f.trim() !== "")) rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f.trim() !== "")) rows.push(row);
  return rows;
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
export function readQaCsv(text: string): QaRow[] {
  const rows = parseCsv(text);
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  const col = (names: string[]) => header.findIndex((h) => names.includes(h));
  const q = col(COLUMN.question);
  const a = col(COLUMN.answer);
  const c = col(COLUMN.category);
  if (q < 0 || a < 0) throw new Error(`expected a header with "question" and "answer" columns, got: ${header.join(", ") || "(empty)"}`);
  // Line numbers: count the line breaks inside earlier rows' quoted fields too.
  let line = 1 + (rows[0] ?? []).join("").split("\n").length;
  const out: QaRow[] = [];
  for (const r of rows.slice(1)) {
    const question = (r[q] ?? "").trim();
    const answer = (r[a] ?? "").trim();
    if (question !== "" || answer !== "") out.push({ question, answer, category: c >= 0 ? (r[c] ?? "").trim() || null : null, line });
    line += r.join("").split("\n").length;
  }
  return out;
}
