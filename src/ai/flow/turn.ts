import type { FieldConfig } from "../../core/config/ai-schema.js";
import { isOpen } from "../../core/calendar/business-time.js";
import type { ThreadlineConfig } from "../../core/config/schema.js";
import type { CodeVerification } from "../../core/identity/index.js";
import type { ActionRunner } from "../../core/actions/runner.js";
import type { Logger } from "../../core/logger.js";
import type { Contact, HandoffCard } from "../../core/model/index.js";
import type { Decision, DecisionInput, DecisionReply } from "../../core/pipeline/decision.js";
import type { Store } from "../../core/store/port.js";
import type { KnowledgeBase } from "../../knowledge/contract.js";
import type { GuardResult } from "../../knowledge/guard.js";
import type { FieldContext } from "../local/fields.js";
import { detectLanguage } from "../local/language.js";
import type { AiProvider, FieldSpec } from "../port.js";
import { loadAiState, type AiState } from "./state.js";
import type { Texts } from "./texts.js";

export type AiConfig = Pick<
  ThreadlineConfig,
  "ai" | "intents" | "fields" | "queues" | "rules" | "hub" | "business_hours" | "messages" | "knowledge" | "attributes"
>;

export interface AiDeciderDeps {
  store: Store;
  logger: Logger;
  provider: AiProvider;
  config: AiConfig;
  /** Knowledge base answers come from; without one, every answerable intent escalates. */
  knowledge?: KnowledgeBase;
  /** The forbidden-phrasing guard (records its own event on a hit). */
  guard?(text: string, input: DecisionInput): Promise<GuardResult>;
  /** One-time codes for "I wrote to you before" (identity linking); without it the AI does not offer linking. */
  codes?: CodeVerification;
  /** Link to a conversation, for the handoff card. */
  conversationUrl(conversationId: string): string;
  /** Runs the configured actions (lookups against the shop's systems); without it intents' `actions` are skipped. */
  actions?: ActionRunner;
  /**
   * Whether an escalation with this card reaches someone now (a target it
   * routes to can deliver). When false the customer is told honestly that
   * nobody is available, never promised a reply time. Omitted: assumed true.
   */
  reachable?(card: HandoffCard, contact: Contact): boolean;
}

/** What every step of one decider shares (built once, at start-up). */
export interface FlowEnv extends AiDeciderDeps {
  defaultLocale: string;
  texts: Texts;
  fieldSpec(name: string): FieldSpec;
}

export function fieldSpecOf(name: string, f: FieldConfig): FieldSpec {
  return {
    name,
    kind: f.kind,
    description: f.description ?? name.replace(/_/g, " "),
    ...(f.pattern ? { pattern: f.pattern } : {}),
    ...(f.options ? { options: f.options } : {}),
  };
}

/**
 * One customer message being decided: the state it started from (a copy,
 * changed freely), the replies so far and what was learned. `finish` turns
 * it into the Decision, which carries the state for the next message.
 */
export interface Turn {
  input: DecisionInput;
  text: string;
  state: AiState;
  replies: DecisionReply[];
  /** Everything known: the contact's remembered profile values, the conversation's fields, this message's. */
  fields: Record<string, string>;
  notes: Record<string, unknown>;
  /** Language the customer writes in (detected, kept from earlier messages, else the default locale). */
  customerLanguage: string;
  /** Locale the fixed texts are in: the customer's when the AI has texts in it, else the default. */
  locale: string;
  /** For the handoff card when the two differ. */
  languageNote: string | null;
  /** Inside business hours (always, without configured hours). */
  open: boolean;
  fieldContext: FieldContext;
  learn(name: string, value: string): void;
  /** Sets a contact attribute (already validated) on the contact's profile with this decision. */
  setAttribute(name: string, value: string): void;
  finish(extra?: Partial<Decision>): Decision;
}

export async function startTurn(env: FlowEnv, input: DecisionInput): Promise<Turn> {
  const { config, texts, defaultLocale } = env;
  const { message, conversation, contact, now } = input;
  const state: AiState = structuredClone(await loadAiState(env.store, conversation.id));
  const detection = detectLanguage(message.text);
  const detected = detection.language;
  // A few words ("One more question") are too little to switch languages the conversation already has,
  // and too little to leave the default locale on a first message unless the detector is sure.
  const short = words(message.text) < LANGUAGE_SWITCH_WORDS;
  const sureEnough = !short || (!state.language && (detected === defaultLocale.split("-")[0] || detection.confidence >= SHORT_TEXT_CONFIDENCE));
  if (detected && sureEnough) state.language = detected;
  const customerLanguage = state.language ?? defaultLocale;
  const locale = texts.speaks(customerLanguage) ? customerLanguage : defaultLocale;
  const fields: Record<string, string> = { ...pickProfile(contact.profile, Object.keys(config.fields)), ...conversation.fields };
  const learned: Record<string, string> = {};
  const remember: Record<string, string> = {};
  const replies: DecisionReply[] = [];
  const notes: Record<string, unknown> = { language: customerLanguage, locale, provider: env.provider.id };
  return {
    input,
    text: message.text,
    state,
    replies,
    fields,
    notes,
    customerLanguage,
    locale,
    languageNote:
      customerLanguage !== locale ? `The customer writes in "${customerLanguage}"; the AI replied in "${locale}" (no texts in that language).` : null,
    open: config.business_hours ? isOpen(config.business_hours, now) : true,
    fieldContext: { now, locale, timeZone: config.business_hours?.timezone ?? "UTC" },
    learn(name, value) {
      if (fields[name] === value) return;
      fields[name] = value;
      learned[name] = value;
      if (config.fields[name]?.remember) remember[name] = value;
      state.steps.push(`Customer provided ${name.replace(/_/g, " ")}`);
    },
    setAttribute(name, value) {
      if (input.contact.profile[name] !== value) remember[name] = value;
    },
    finish(extra = {}) {
      return {
        replies,
        notes: { ...notes, intent: state.intent, confidence: state.confidence, fields: Object.keys(fields), state },
        ...(Object.keys(learned).length ? { fields: learned } : {}),
        ...(Object.keys(remember).length ? { profile: remember } : {}),
        // The customer owes an answer: a field, a yes/no, a one-time code or which topic they meant.
        ...(state.asking || state.confirming || state.linking || notes.clarify ? { awaitingCustomer: true } : {}),
        ...extra,
      };
    },
  };
}

/** Words a message needs before its detected language replaces the conversation's. */
const LANGUAGE_SWITCH_WORDS = 4;
/**
 * Confidence a short first message needs to start a conversation in a language other than the
 * default: "One more question" reads 0.54 French (trigrams of "question"); "Merci beaucoup" 0.65,
 * "Muchas gracias" 0.82, "Danke schön" 0.80 (all seven languages as candidates).
 */
const SHORT_TEXT_CONFIDENCE = 0.6;

function words(text: string): number {
  return text.split(/\s+/u).filter((w) => /\p{L}/u.test(w)).length;
}

function pickProfile(profile: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(names.filter((n) => profile[n]).map((n) => [n, profile[n]!]));
}
