import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { parseEmail, type ParsedEmail } from "../../../src/adapters/email/parse.js";

/** The fixture corpus (tests/adapters/email/fixtures): raw mails written from each client's format, with what must survive. */
export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "fixtures");

const caseSchema = z.object({
  file: z.string(),
  client: z.string(),
  lang: z.string(),
  /** The customer's words: each must be in the stored text. */
  keep: z.array(z.string()),
  /** Quoted history: none may be in the stored text. */
  drop: z.array(z.string()),
  /** The robot kind the mail must be recognised as, or null for a person's mail. */
  robot: z.enum(["auto_reply", "bounce", "report", "list", "no_reply"]).nullable(),
  note: z.string().optional(),
});
export type CorpusCase = z.output<typeof caseSchema>;

export function loadCorpus(): CorpusCase[] {
  return z.array(caseSchema).parse(JSON.parse(readFileSync(join(FIXTURES, "cases.json"), "utf8")));
}

export async function loadMail(c: CorpusCase): Promise<ParsedEmail> {
  return parseEmail(readFileSync(join(FIXTURES, c.file)));
}

/** Per-case outcome of a quote stripper on the corpus. */
export interface Score {
  keptAll: boolean;
  strippedAll: boolean;
  missing: string[];
  leaked: string[];
}

export function score(c: CorpusCase, text: string): Score {
  const norm = (s: string) => s.replace(/\s+/g, " ");
  const t = norm(text);
  const missing = c.keep.filter((k) => !t.includes(norm(k)));
  const leaked = c.drop.filter((d) => t.includes(norm(d)));
  return { keptAll: missing.length === 0, strippedAll: leaked.length === 0, missing, leaked };
}
