import { LRUCache } from "lru-cache";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { LimitsConfig } from "../config/limits-schema.js";
import type { Logger } from "../logger.js";
import { makeEvent } from "../model/index.js";
import type { Store } from "../store/port.js";
import { detectLanguage } from "../text/language.js";
import type { Decider, Decision } from "./decision.js";

/** The event written once per flood (per contact and window). */
export const CONTACT_FLOOD_LIMITED = "contact.flood_limited";

/** Built-in notices; config (`limits.per_contact.notice`) replaces them per locale. */
export const FLOOD_NOTICE: Readonly<Record<string, string>> = {
  en: "You have sent a lot of messages in a short time. We have received all of them; automatic answers pause for a moment and a person can read everything you wrote.",
  de: "Sie haben in kurzer Zeit sehr viele Nachrichten geschickt. Wir haben alle erhalten; automatische Antworten pausieren kurz, und ein Mensch kann alles lesen, was Sie geschrieben haben.",
  fr: "Vous avez envoyé beaucoup de messages en peu de temps. Nous les avons tous reçus ; les réponses automatiques sont suspendues un instant et une personne peut lire tout ce que vous avez écrit.",
  es: "Ha enviado muchos mensajes en poco tiempo. Los hemos recibido todos; las respuestas automáticas se detienen un momento y una persona puede leer todo lo que ha escrito.",
};

export interface FloodGuardOptions {
  store: Store;
  logger: Logger;
  /** Messages per contact and window before the AI pauses for that contact. */
  max: number;
  windowMs: number;
  defaultLocale: string;
  /** Notice texts per locale (replacing the built-in ones). */
  notice?: Readonly<Record<string, string>>;
  /**
   * True when the message must be decided whatever the flood: a mandatory
   * escalation rule fires on it (self-harm, a chargeback…). Such a message
   * is decided normally and does not count against the limit. Cheap and
   * deterministic (lexicon signals, keywords); no model.
   */
  mustDecide?(input: Parameters<Decider>[0]): boolean;
}

type Verdict = "decide" | "first_over" | "over";

/**
 * Per-contact flood control around the decision step. Each inbound message
 * counts against its contact (whatever the channel) in fixed windows of
 * `windowMs` by the message's time; past `max` in a window the decider (the
 * AI) is not called for it: the message is already stored, it is decided
 * with no reply, and the first one over the limit gets one notice to the
 * customer and one `contact.flood_limited` event. The next window decides
 * normally again. Other contacts are never slowed: their decisions run in
 * their own conversations' order, and the flooder's extra messages cost no
 * AI call.
 *
 * Counters live in this process (rate-limiter-flexible's memory store,
 * keyed by contact and window; its entries expire with the window), so with
 * several hub processes each counts what it decides.
 */
export function guardFloods(decide: Decider, options: FloodGuardOptions): Decider {
  const { max, windowMs } = options;
  // Entries outlive their window (in real time) and then expire; which window a message counts in comes from its own time.
  const limiter = new RateLimiterMemory({ points: max, duration: Math.max(1, Math.ceil((2 * windowMs) / 1000)) });
  // A message decided again (the conversation changed meanwhile) keeps its verdict and is counted once.
  const verdicts = new LRUCache<string, Verdict>({ max: 10_000 });

  async function verdictOf(contactId: string, messageId: string, at: Date): Promise<Verdict> {
    const known = verdicts.get(messageId);
    if (known) return known;
    let verdict: Verdict = "decide";
    try {
      await limiter.consume(`${contactId}:${Math.floor(at.getTime() / windowMs)}`);
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw new Error("flood control failed", { cause: res });
      verdict = res.consumedPoints === max + 1 ? "first_over" : "over";
    }
    verdicts.set(messageId, verdict);
    return verdict;
  }

  return async (input) => {
    const { message, conversation } = input;
    if (message.direction !== "inbound") return decide(input);
    // Mandatory rules never sleep, not even for a flooder.
    if (options.mustDecide?.(input)) return decide(input);
    const verdict = await verdictOf(message.contactId, message.id, message.createdAt);
    if (verdict === "decide") return decide(input);
    const decision: Decision = { replies: [], notes: { floodLimited: true } };
    if (verdict === "first_over") {
      const locale = detectLanguage(message.text).language ?? conversation.handoff?.language ?? options.defaultLocale;
      const text =
        pick(options.notice, locale) ??
        pick(FLOOD_NOTICE, locale) ??
        pick(options.notice, options.defaultLocale) ??
        pick(FLOOD_NOTICE, options.defaultLocale) ??
        FLOOD_NOTICE.en!;
      decision.replies.push({ kind: "flood_notice", text, authorKind: "system" });
      await options.store.appendEvents([
        makeEvent(
          CONTACT_FLOOD_LIMITED,
          "system",
          input.now,
          { conversationId: conversation.id, contactId: message.contactId },
          {
            messageId: message.id,
            channel: message.channel,
            max,
            windowMs,
          },
        ),
      ]);
      options.logger.warn(
        { contactId: message.contactId, channel: message.channel, max, windowMs },
        "contact over the per-contact message limit: the AI pauses for them until the window ends",
      );
    }
    return decision;
  };
}

function pick(texts: Readonly<Record<string, string>> | undefined, locale: string): string | undefined {
  if (!texts) return undefined;
  return texts[locale] ?? texts[locale.split("-")[0]!];
}

/** {@link guardFloods} as configured (`limits.per_contact`); the decider itself when flood control is off. */
export function guardFloodsAsConfigured(
  decide: Decider,
  limits: LimitsConfig,
  deps: { store: Store; logger: Logger; defaultLocale: string; mustDecide?: FloodGuardOptions["mustDecide"] },
): Decider {
  const c = limits.per_contact;
  if (!c.enabled) return decide;
  return guardFloods(decide, { ...deps, max: c.max, windowMs: c.window, ...(c.notice ? { notice: c.notice } : {}) });
}
