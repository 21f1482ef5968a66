/**
 * The local AiProvider: no network, no key, always available (the fall-back
 * of the OpenAI provider and the default provider).
 *
 * - classify: the trained intent classifier (classifier.ts), trained once at
 *   creation from the configured intents' examples. A call offering a
 *   different intent set (other names or examples) trains a model for that
 *   set lazily and caches it (LRU of {@link MODEL_CACHE_SIZE}, keyed first by
 *   the array's identity, then by its content). Why retrain rather than drop
 *   the unoffered intents from the ranking: the confidence is calibrated for
 *   the top score among the trained intents; re-ranking a subset would report
 *   the runner-up's share, which is not calibrated, and a message belonging
 *   to an unoffered intent would be forced onto an offered one. Config-sized
 *   sets (tens of examples per intent) train in about a second at most;
 *   training runs on the event loop, so do not offer thousands per call.
 * - language: detectLanguage (language.ts).
 * - extract: fields.ts; `expecting` (the field the AI just asked for) is an
 *   optional extra input of this provider (see {@link LocalExtractInput}).
 * - answer: answer.ts (extractive, cited). summarise: summarise.ts.
 * Outputs are validated with the port's schemas like every provider's.
 */
import { LRUCache } from "lru-cache";
import {
  AiProviderError,
  classificationSchema,
  describeIssues,
  enforceIntent,
  extractionSchema,
  summarySchema,
  type AiOperation,
  type AiProvider,
  type Classification,
  type ExtractInput,
  type Extraction,
  type FieldSpec,
  type IntentSpec,
  type Summary,
} from "../port.js";
import type { ZodError } from "zod";
import { answerFromPassages } from "./answer.js";
import { trainIntentClassifier, type IntentClassifier } from "./classifier.js";
import type { WordVectorSource } from "./word-vectors.js";
import { extractFields } from "./fields.js";
import type { FieldContext } from "./field-types.js";
import { detectLanguage } from "./language.js";
import { summariseConversation, type LocalSummariseInput } from "./summarise.js";

export interface LocalProviderOptions {
  /** The configured intents; the classifier is trained on their examples at creation. */
  intents: IntentSpec[];
  /** Out-of-scope threshold on the calibrated confidence (default: the classifier's, 0.5). */
  threshold?: number;
  /** Clock for relative dates in extraction ("yesterday"). */
  now?: () => Date;
  /** Training seed (deterministic models). Default 1. */
  seed?: number;
  /** The configured ticket fields: lets `summarise` say "AI asked for order_id" / "Customer provided order_id". */
  fields?: FieldSpec[];
  /** Field settings beyond `now`: time zone, date order, default calling code, max text length. */
  fieldDefaults?: Omit<FieldContext, "now">;
  /**
   * Share of the question an extractive answer must cover (default MIN_COVERAGE, 0.5). The AI core
   * lowers it because it only asks after the intent was classified with confidence and retrieval was
   * narrowed to the intent's scenario tags: topical relevance is already established.
   */
  answerMinCoverage?: number;
  /**
   * Messages that belong to no intent ("one more question", "are you a bot?"). They are never a
   * class; they join the classifier's calibration as wrong answers, so similar texts get a low confidence.
   */
  outOfScope?: readonly string[];
  /** Pretrained word vectors for few-shot intent sets (classifier.ts); none = sparse features only. */
  wordVectors?: WordVectorSource;
}

/** ExtractInput plus the field the AI has just asked for (the whole reply may be its value). */
export interface LocalExtractInput extends ExtractInput {
  expecting?: string;
  /** The conversation's locale (date order of 12/03/2026). */
  locale?: string;
}

export interface LocalProvider extends AiProvider {
  readonly id: "local";
  extract(input: LocalExtractInput): Promise<Extraction>;
  summarise(input: LocalSummariseInput): Promise<Summary>;
}

/** Intent sets whose trained models are kept (the configured one is always kept). */
export const MODEL_CACHE_SIZE = 8;

export function createLocalProvider(options: LocalProviderOptions): LocalProvider {
  const now = options.now ?? (() => new Date());
  const train = (intents: readonly IntentSpec[]): IntentClassifier | null => {
    const examples = intents.flatMap((i) => i.examples.map((text) => ({ text, intent: i.name })));
    // An intent without (non-blank) examples is still a class: its name ("order_status" → "order status") is its example.
    for (const i of intents) {
      if (i.name.trim() !== "" && !i.examples.some((e) => e.trim() !== "")) examples.push({ text: i.name.replace(/[_\-.:/]+/g, " "), intent: i.name });
    }
    if (!examples.some((e) => e.text.trim() !== "" && e.intent.trim() !== "")) return null;
    return trainIntentClassifier(examples, {
      seed: options.seed ?? 1,
      ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
      ...(options.outOfScope?.length ? { outOfScope: options.outOfScope } : {}),
      wordVectors: options.wordVectors ?? null,
    });
  };

  const configured = train(options.intents);
  const configuredKey = contentKey(options.intents);
  const byArray = new WeakMap<readonly IntentSpec[], IntentClassifier | null>([[options.intents, configured]]);
  // lru-cache values cannot be null; the model is null for an intent list without examples, so it is wrapped.
  const byContent = new LRUCache<string, { model: IntentClassifier | null }>({ max: MODEL_CACHE_SIZE });

  const modelFor = (intents: readonly IntentSpec[]): IntentClassifier | null => {
    const hit = byArray.get(intents);
    if (hit !== undefined) return hit;
    const key = contentKey(intents);
    let model = key === configuredKey ? configured : byContent.get(key)?.model; // a get refreshes recency
    if (model === undefined) {
      model = train(intents);
      byContent.set(key, { model });
    }
    byArray.set(intents, model);
    return model;
  };

  const fieldContext = (locale?: string): FieldContext => ({ ...options.fieldDefaults, now: now(), ...(locale ? { locale } : {}) });

  return {
    id: "local",
    async classify(input): Promise<Classification> {
      const model = modelFor(input.intents);
      const language = detectLanguage(input.text).language;
      const prediction = model?.classify(input.text);
      const result = {
        intent: prediction?.intent ?? null,
        confidence: prediction?.confidence ?? 0,
        language,
        provider: "local" as const,
      };
      return enforceIntent(checked("classify", classificationSchema.safeParse(result)), input.intents, "local");
    },
    async extract(input) {
      const fields = extractFields(input.text, input.fields, { ...fieldContext(input.locale), ...(input.expecting ? { expecting: input.expecting } : {}) });
      return checked("extract", extractionSchema.safeParse({ fields, provider: "local" }));
    },
    async answer(input) {
      return answerFromPassages(input, options.answerMinCoverage === undefined ? {} : { minCoverage: options.answerMinCoverage });
    },
    async summarise(input) {
      const summary = summariseConversation(input, {
        classify: (text) => (configured ? configured.classify(text).intent : null),
        fields: options.fields ?? [],
        fieldContext: fieldContext(input.locale),
      });
      return checked("summarise", summarySchema.safeParse(summary));
    },
  };
}

function checked<T>(operation: AiOperation, parsed: { success: true; data: T } | { success: false; error: ZodError }): T {
  if (parsed.success) return parsed.data;
  throw new AiProviderError("invalid_output", operation, `local ${operation} output does not match the schema (${describeIssues(parsed.error)})`, "local");
}

/** Identity of an intent set: names and examples, order-insensitive. */
function contentKey(intents: readonly IntentSpec[]): string {
  return JSON.stringify(intents.map((i) => [i.name, i.examples]).sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0)));
}
