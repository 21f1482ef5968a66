/**
 * Local `summarise` for the handoff card, built from the message list
 * without generating prose (English labels, the customer's own words quoted).
 *
 * - goal: "Customer wants …" + the first substantive sentence of the first
 *   customer message that carries an intent (per `classify`, when given) or,
 *   failing that, the first customer message that is more than a greeting;
 *   at most 200 characters of the customer's text.
 * - summary: one line per step, oldest first: what the AI asked for (a
 *   field, recognised by its name or kind in an AI question), what the
 *   customer provided (fields extracted with `expecting` set to the field
 *   just asked for), which articles the AI answered from (when messages carry
 *   `citations`), risk signals the customer raised, what the customer says
 *   they already tried, and agent replies. Repeats are merged ("×2").
 *
 * The output holds customer text: it is for the card, never for a log line.
 */
import type { FieldSpec, Summary } from "../port.js";
import { extractFields } from "./fields.js";
import type { FieldContext } from "./field-types.js";
import { detectSignals } from "./signals.js";

export interface SummaryMessage {
  author: string;
  text: string;
  /** Knowledge passages an AI message quoted, when the caller knows them. */
  citations?: readonly { articleId: string }[];
}

export interface LocalSummariseInput {
  messages: SummaryMessage[];
  locale: string;
}

export interface SummariseOptions {
  /** The intent of a customer message, or null (the local classifier). */
  classify?: (text: string) => string | null;
  /** Ticket fields, to recognise "AI asked for X" / "Customer provided X". */
  fields?: readonly FieldSpec[];
  fieldContext?: FieldContext;
}

const GOAL_CHARS = 200;
const QUOTE_CHARS = 120;
const MAX_SUMMARY = 4000;
const GREETING = new Set(
  `hi hello hey hallo hola ciao bonjour salut moin servus guten morgen tag abend good evening afternoon dear team support thanks thank you
   danke merci ok okay yes no ja nein please bitte there`
    .split(/\s+/)
    .filter(Boolean),
);
const AI_AUTHORS = new Set(["ai", "bot", "assistant", "system"]);
const ALREADY_TRIED =
  /\b(?:i(?:'ve| have)? (?:already )?tried|i already|already (?:tried|did|checked|restarted|reset|contacted)|habe (?:schon|bereits)|hab (?:schon|bereits)|schon versucht|bereits versucht)\b/iu;
const SIGNAL_LABEL: Record<string, string> = {
  legal_threat: "mentioned legal action",
  chargeback: "mentioned a chargeback or payment dispute",
  safety: "reported a safety issue",
  security: "reported an account security issue",
  human_request: "asked for a human",
  abuse: "was abusive",
};
const FIELD_WORDS: Record<FieldSpec["kind"], string[]> = {
  order_id: ["order number", "order id", "order no", "bestellnummer", "auftragsnummer"],
  email: ["email", "e-mail", "e mail"],
  phone: ["phone", "telefon", "mobile", "handynummer"],
  date: ["date", "datum", "when did", "wann"],
  region: ["country", "region", "land"],
  text: [],
};

export function summariseConversation(input: LocalSummariseInput, options: SummariseOptions = {}): Summary {
  const customerTexts = input.messages.filter((m) => m.author.toLowerCase() === "customer").map((m) => m.text);
  const substantive = customerTexts.filter((t) => !isGreeting(t));
  const withIntent = options.classify ? substantive.map((t) => [t, options.classify!(t)] as const).find(([, i]) => i !== null) : undefined;
  const source = withIntent?.[0] ?? substantive[0] ?? customerTexts[0];
  const goal = source
    ? `Customer wants${withIntent ? ` help with ${withIntent[1]!.replace(/[_-]+/g, " ")}` : ""}: "${clip(firstSentence(source), GOAL_CHARS)}"`
    : "Unknown: the customer has not written anything yet.";

  const lines: string[] = [];
  let expecting: FieldSpec | undefined;
  const fields = options.fields ?? [];
  const ctx: FieldContext = options.fieldContext ?? { now: new Date() };
  for (const m of input.messages) {
    const author = m.author.toLowerCase();
    if (AI_AUTHORS.has(author)) {
      const articles = [...new Set((m.citations ?? []).map((c) => c.articleId))];
      const asked = m.text.includes("?") ? fields.filter((f) => mentions(m.text, f)) : [];
      if (articles.length > 0) lines.push(`AI answered from article${articles.length > 1 ? "s" : ""} ${articles.join(", ")}`);
      else if (asked.length > 0) lines.push(`AI asked for ${asked.map((f) => f.name).join(", ")}`);
      else lines.push(`AI ${m.text.includes("?") ? "asked" : "replied"}: "${clip(m.text, QUOTE_CHARS)}"`);
      expecting = asked.length === 1 ? asked[0] : undefined;
    } else if (author === "customer") {
      const provided = fields.length ? Object.keys(extractFields(m.text, fields, { ...ctx, ...(expecting ? { expecting: expecting.name } : {}) })) : [];
      if (provided.length > 0) lines.push(`Customer provided ${provided.join(", ")}`);
      const signals = detectSignals(m.text).signals;
      for (const s of signals) lines.push(`Customer ${SIGNAL_LABEL[s.kind]}: "${clip(s.evidence, QUOTE_CHARS)}"`);
      if (ALREADY_TRIED.test(m.text)) lines.push(`Customer says they already tried: "${clip(m.text, QUOTE_CHARS)}"`);
      else if (provided.length === 0 && signals.length === 0 && m.text !== source && !isGreeting(m.text)) {
        lines.push(`Customer wrote: "${clip(m.text, QUOTE_CHARS)}"`);
      }
      expecting = undefined;
    } else {
      lines.push(`${author === "agent" ? "An agent" : capitalise(m.author)} replied`);
    }
  }
  return { goal, summary: compact(lines), provider: "local" };
}

function isGreeting(text: string): boolean {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  return words.every((w) => GREETING.has(w));
}

/** The first sentence that is more than a greeting (plus the next one when it is very short). */
function firstSentence(text: string): string {
  const sentences = text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const i = Math.max(
    0,
    sentences.findIndex((s) => !isGreeting(s)),
  );
  const first = sentences[i] ?? text;
  const next = sentences[i + 1];
  return first.split(/\s+/).length < 4 && next ? `${first} ${next}` : first;
}

function mentions(text: string, field: FieldSpec): boolean {
  const t = text.toLowerCase();
  return [field.name.replace(/[_-]+/g, " "), field.name, ...FIELD_WORDS[field.kind]].some((w) => w && t.includes(w.toLowerCase()));
}

function clip(text: string, max: number): string {
  const s = text.replace(/\s+/g, " ").trim();
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max / 2))}…`;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function compact(lines: string[]): string {
  const merged: { line: string; n: number }[] = [];
  for (const line of lines) {
    const last = merged[merged.length - 1];
    if (last?.line === line) last.n++;
    else merged.push({ line, n: 1 });
  }
  const out = merged.map(({ line, n }) => `- ${line}${n > 1 ? ` (×${n})` : ""}`);
  let text = out.join("\n");
  while (text.length > MAX_SUMMARY && out.length > 2) {
    out.splice(1, 1);
    text = [out[0], "- …", ...out.slice(1)].join("\n");
  }
  return text || "- No messages yet.";
}
