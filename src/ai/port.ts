/**
 * The AiProvider port (DESIGN.md): what the AI core asks of a language
 * provider. Two implementations exist: the local embedded one (no network,
 * no key) and the OpenAI one (src/ai/openai, any OpenAI-compatible server).
 * `withFallback` (src/ai/fallback.ts) combines them.
 *
 * Rules every implementation keeps:
 * - Outputs are validated against the zod schemas below before they are
 *   returned; an implementation that cannot produce a valid output throws an
 *   {@link AiProviderError} (it never returns a half-valid object).
 * - `classify` returns one of the given intent names or `null`, never another.
 * - `answer` cites ONLY passages it was given; an answer citing none of them
 *   is `grounded: false` and the caller escalates instead of sending it.
 * - Prompt text (customer messages, extracted values, passages) is never
 *   logged: it is customer PII.
 */
import { z } from "zod";
import { ThreadlineError } from "../core/errors.js";

/** Which provider produced a result. */
export type AiProviderId = "local" | "openai";

export const aiProviderIdSchema = z.enum(["local", "openai"]);

// ---------------------------------------------------------------- classify

/** One intent the classifier may choose (from config). */
export interface IntentSpec {
  /** Stable name, e.g. "order_status". */
  name: string;
  /** What the intent covers, in a sentence (helps an LLM; ignored by the local model). */
  description: string;
  /** Example customer messages. */
  examples: string[];
}

export interface ClassifyInput {
  /** The customer's message. */
  text: string;
  /** The intents to choose from. The answer is one of their names, or null. */
  intents: IntentSpec[];
  /** The conversation's locale, when known (a hint, not a constraint). */
  locale?: string;
}

/** Language tag such as "en", "de" or "pt-BR". */
const languageTag = z.string().regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, "expected a language tag such as en or pt-BR");

export const classificationSchema = z.strictObject({
  /** One of the given intent names, or null when none fits. */
  intent: z.string().min(1).nullable(),
  /** 0..1. The local provider's is calibrated; an LLM's is self-reported. */
  confidence: z.number().min(0).max(1),
  /** Detected language of the text (ISO 639-1 / BCP 47), or null when unsure. */
  language: languageTag.nullable(),
  provider: aiProviderIdSchema,
});
export type Classification = z.infer<typeof classificationSchema>;

// ----------------------------------------------------------------- extract

export type FieldKind = "order_id" | "email" | "phone" | "region" | "date" | "text";

/** One field to extract (from config: the ticket fields an intent needs). */
export interface FieldSpec {
  name: string;
  description: string;
  kind: FieldKind;
  /** A regular expression the value must match (whole value, unicode, case-insensitive). */
  pattern?: string;
  /** The only allowed values (e.g. regions). */
  options?: string[];
}

export interface ExtractInput {
  text: string;
  fields: FieldSpec[];
  /**
   * The field the AI has just asked for: the whole message may be its value
   * ("NW-10023", "Berlin"). Without it only values recognisable in running
   * text are extracted.
   */
  expecting?: string;
  /** The conversation's locale (e.g. the order of day and month in 12/03/2026). */
  locale?: string;
}

export const extractionSchema = z.strictObject({
  /** Field name → value, only for the fields found. Callers validate values again. */
  fields: z.record(z.string(), z.string().min(1)),
  provider: aiProviderIdSchema,
});
export type Extraction = z.infer<typeof extractionSchema>;

// ------------------------------------------------------------------ answer

/** The identity of one knowledge passage (same shape as the KB's KnowledgeCitation). */
export const citationSchema = z.strictObject({
  articleId: z.string().min(1),
  version: z.number().int().min(0),
  passageId: z.string().min(1),
});
export type Citation = z.infer<typeof citationSchema>;

export interface AnswerPassage {
  citation: Citation;
  title: string;
  /** Plain text of the passage (KnowledgePassage.text). */
  text: string;
}

export interface AnswerInput {
  question: string;
  /** Retrieved passages, best first. The answer may use and cite only these. */
  passages: AnswerPassage[];
  /** Locale to answer in. */
  locale: string;
}

export const answerSchema = z.strictObject({
  /** The reply to send; empty when not grounded. */
  text: z.string(),
  /** The given passages the answer relies on (a subset, no duplicates). */
  citations: z.array(citationSchema),
  /** False when the passages do not answer the question: the caller must not send `text`, it escalates. */
  grounded: z.boolean(),
  provider: aiProviderIdSchema,
});
export type Answer = z.infer<typeof answerSchema>;

// --------------------------------------------------------------- summarise

export interface SummariseInput {
  /** The conversation so far, oldest first. `author` is e.g. "customer", "ai", "agent". */
  messages: { author: string; text: string }[];
  locale: string;
}

export const summarySchema = z.strictObject({
  /** The customer's goal in one sentence (the handoff card's headline). */
  goal: z.string().trim().min(1).max(400),
  /** A short summary of what happened, including steps already tried. */
  summary: z.string().trim().min(1).max(4000),
  provider: aiProviderIdSchema,
});
export type Summary = z.infer<typeof summarySchema>;

// ---------------------------------------------------------------- the port

export interface AiProvider {
  /** Which provider this is (a `withFallback` provider reports its primary). */
  readonly id: AiProviderId;
  /** Picks the intent of a customer message (or null: none of them). */
  classify(input: ClassifyInput): Promise<Classification>;
  /** Pulls the requested fields out of a customer message; absent fields are omitted. */
  extract(input: ExtractInput): Promise<Extraction>;
  /** Answers ONLY from the given passages, citing them; otherwise `grounded: false`. */
  answer(input: AnswerInput): Promise<Answer>;
  /** The customer's goal and a summary, for the handoff card. */
  summarise(input: SummariseInput): Promise<Summary>;
  /**
   * Optional embeddings (OpenAI only): one vector per text, in order.
   * Structurally compatible with the knowledge base's `EmbeddingProvider`.
   */
  embed?(texts: string[]): Promise<number[][]>;
  /**
   * Optional (OpenAI only): which of an intent's actions to run for this
   * message, offered to the model as function tools, with the arguments it
   * fills in. Without it, actions run deterministically in the intent's order
   * once their fields are known (the local provider).
   */
  chooseAction?(input: ChooseActionInput): Promise<ActionChoice>;
}

export type AiOperation = "classify" | "extract" | "answer" | "summarise" | "embed" | "choose_action";

// ------------------------------------------------------------ choose action

/** One configured action offered to the model as a tool. */
export interface ActionSpec {
  /** Action name from config (the tool's name). */
  name: string;
  /** What the call does (config `description`). */
  description: string;
  /** The fields the call needs; the tool's parameters. */
  needs: FieldSpec[];
  /** True for actions that change data (they ask the customer to confirm before they run). */
  writes: boolean;
}

export interface ChooseActionInput {
  /** The customer's message. */
  text: string;
  /** The customer's question this message continues (when it answers a question of the AI's). */
  question?: string;
  /** The intent's actions; the choice is one of them or none. */
  actions: ActionSpec[];
  /** Field values already known in the conversation (a tool argument may repeat one). */
  known: Record<string, string>;
}

/**
 * The model's choice: an offered action with its arguments, or `action:
 * null` when the message needs none of them (a general question the
 * knowledge base answers). Arguments are validated like extracted fields
 * (pattern, options, and for order ids, e-mails and phones present in the
 * message or equal to a known value); invalid ones are dropped, never the
 * whole choice.
 */
/**
 * A choice that is no choice: "run the intent's actions in config order, as
 * without a model" (what the fallback answers when the model failed). Not a
 * valid action name (names are identifiers), so it cannot collide.
 */
export const ACTIONS_IN_ORDER = "*in-order*";

export const actionChoiceSchema = z.strictObject({
  action: z.string().min(1).nullable(),
  arguments: z.record(z.string(), z.string()),
  provider: aiProviderIdSchema,
});
export type ActionChoice = z.infer<typeof actionChoiceSchema>;

/** Throws `invalid_output` unless the choice names an offered action (or none) and only that action's fields. */
export function enforceActionChoice(choice: ActionChoice, actions: readonly ActionSpec[], provider: AiProviderId): ActionChoice {
  const parsed = actionChoiceSchema.safeParse(choice);
  if (!parsed.success)
    throw new AiProviderError("invalid_output", "choose_action", `choice does not match the schema (${describeIssues(parsed.error)})`, provider);
  if (parsed.data.action === null || parsed.data.action === ACTIONS_IN_ORDER) return { ...parsed.data, arguments: {} };
  const offered = actions.find((a) => a.name === parsed.data.action);
  if (!offered) throw new AiProviderError("invalid_output", "choose_action", "the model chose an action that was not offered", provider);
  const names = new Set(offered.needs.map((f) => f.name));
  return { ...parsed.data, arguments: Object.fromEntries(Object.entries(parsed.data.arguments).filter(([k]) => names.has(k))) };
}

// ------------------------------------------------------------------ errors

/**
 * - `unavailable`: the API failed (HTTP error, 429, connection refused, bad key).
 * - `timeout`: no answer within the provider's timeout.
 * - `invalid_output`: the model answered but not usably (non-JSON or missing
 *   tool call, schema violation, an intent not offered, a citation of a
 *   passage not given).
 */
export type AiProviderErrorKind = "unavailable" | "timeout" | "invalid_output";

/**
 * A provider failed. The message never contains prompt text, model output or
 * the upstream server's message (which may echo either, or a masked key), so
 * it is safe to log.
 */
export class AiProviderError extends ThreadlineError {
  constructor(
    readonly kind: AiProviderErrorKind,
    readonly operation: AiOperation,
    message: string,
    readonly provider: AiProviderId = "openai",
    /** HTTP status of the upstream failure, when there was one. */
    readonly status?: number,
  ) {
    super(`ai_${kind}`, message, { kind, operation, provider, ...(status === undefined ? {} : { status }) });
  }
}

// ------------------------------------------------------- shared validation

/**
 * Describes zod issues by path and code only, never by value: the values are
 * model output and may contain customer data.
 */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.code}`)
    .join("; ");
}

/** Same citation (article, version and passage)? */
export function sameCitation(a: Citation, b: Citation): boolean {
  return a.articleId === b.articleId && a.version === b.version && a.passageId === b.passageId;
}

/**
 * Checks an answer against the passages it was given: every citation must be
 * one of them (otherwise `invalid_output`: a hallucinated source), duplicates
 * are removed, and an answer citing nothing or with empty text is turned into
 * `grounded: false` with empty text. Used by every provider and again by
 * `withFallback`.
 */
export function enforceGrounding(answer: Answer, passages: readonly AnswerPassage[], provider: AiProviderId = answer.provider): Answer {
  const parsed = answerSchema.safeParse(answer);
  if (!parsed.success) throw new AiProviderError("invalid_output", "answer", `answer does not match the schema (${describeIssues(parsed.error)})`, provider);
  const citations: Citation[] = [];
  for (const c of parsed.data.citations) {
    if (!passages.some((p) => sameCitation(p.citation, c))) {
      throw new AiProviderError("invalid_output", "answer", "answer cites a passage that was not given", provider);
    }
    if (!citations.some((k) => sameCitation(k, c))) citations.push(c);
  }
  const grounded = parsed.data.grounded && citations.length > 0 && parsed.data.text.trim() !== "";
  return grounded
    ? { text: parsed.data.text.trim(), citations, grounded: true, provider: parsed.data.provider }
    : { text: "", citations: [], grounded: false, provider: parsed.data.provider };
}

/**
 * Checks a classification against the offered intents: the intent must be
 * one of their names or null.
 */
export function enforceIntent(result: Classification, intents: readonly IntentSpec[], provider: AiProviderId = result.provider): Classification {
  const parsed = classificationSchema.safeParse(result);
  if (!parsed.success)
    throw new AiProviderError("invalid_output", "classify", `classification does not match the schema (${describeIssues(parsed.error)})`, provider);
  if (parsed.data.intent !== null && !intents.some((i) => i.name === parsed.data.intent)) {
    throw new AiProviderError("invalid_output", "classify", "classification names an intent that was not offered", provider);
  }
  return parsed.data;
}
