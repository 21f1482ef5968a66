import type { InboundMessage, IngestOutcome } from "../channel/adapter.js";
import type { Clock } from "../clock.js";
import type { SurveySettings } from "../config/surveys-schema.js";
import type { Logger } from "../logger.js";
import { makeEvent, makeInboundMessage, type Contact, type Conversation, type DomainEvent, type NewTimer } from "../model/index.js";
import { enqueueReply } from "../pipeline/replies.js";
import type { TimerHandler } from "../scheduler/scheduler.js";
import type { Store } from "../store/port.js";
import { parseCsat } from "./score.js";

export const SURVEY_SEND = "survey_send";
export const surveyKey = (conversationId: string) => `survey:${conversationId}`;
export const SURVEY_SENT = "survey.sent";
export const SURVEY_ANSWERED = "survey.answered";

/** Conversations resolved with one of these tags get no survey (nobody to ask, or someone not to ask). */
export const NO_SURVEY_TAGS = ["spam", "abuse"] as const;

const BUILT_IN_ASK: Record<string, string> = {
  en: "How would you rate the help you got? Reply with a number from 1 (poor) to 5 (excellent).",
  de: "Wie zufrieden bist du mit der Hilfe? Antworte mit einer Zahl von 1 (schlecht) bis 5 (ausgezeichnet).",
  fr: "Comment évaluez-vous l'aide reçue ? Répondez par un chiffre de 1 (mauvais) à 5 (excellent).",
  es: "¿Cómo valoras la ayuda recibida? Responde con un número del 1 (mala) al 5 (excelente).",
};
const BUILT_IN_THANKS: Record<string, string> = {
  en: "Thank you for your feedback!",
  de: "Danke für deine Rückmeldung!",
  fr: "Merci pour votre avis !",
  es: "¡Gracias por tu opinión!",
};
const BUTTONS = [1, 2, 3, 4, 5].map((n) => ({ id: `csat:${n}`, label: String(n) }));

export interface SurveyDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  settings: SurveySettings;
  defaultLocale: string;
  /** Schedules a store timer (the hub's scheduler). */
  schedule(timer: Omit<NewTimer, "createdAt">): Promise<void>;
  /** The outbox has new work. */
  onQueued(): void;
}

/**
 * The CSAT survey (issue 15): after a resolution, once per conversation, a
 * question with buttons 1–5 where the channel has them (a number in reply
 * anywhere else) goes to the customer on their channel through the outbox, as
 * a store timer (`delay`; a reopening before it fires cancels it). An answer
 * within `window` is recorded (`survey.answered`, score and comment) and
 * thanked, and neither reopens the conversation nor reaches the AI: a rating
 * is not a new request. Not sent to conversations tagged spam or abuse, to
 * machine senders (auto-replies, no-reply) or, with `after: human`, to ones
 * no person handled.
 */
export function createSurveys(deps: SurveyDeps) {
  const csat = deps.settings.csat;
  const text = (texts: Record<string, string> | undefined, builtIn: Record<string, string>, locale: string) =>
    texts?.[locale] ?? texts?.[deps.defaultLocale] ?? builtIn[locale] ?? builtIn[deps.defaultLocale] ?? builtIn.en!;

  async function localeOf(conversation: Conversation): Promise<string> {
    const [decision] = await deps.store.listEvents({ conversationId: conversation.id, type: "decision.made", newestFirst: true, limit: 1 });
    const locale = decision?.data.locale ?? conversation.handoff?.language ?? deps.defaultLocale;
    return String(locale).split("-")[0]!;
  }

  /** Why this resolved conversation gets no survey, or null when it gets one. */
  async function whyNot(conversation: Conversation): Promise<string | null> {
    if (conversation.status !== "resolved" && conversation.status !== "closed") return "not resolved";
    if (conversation.tags.some((t) => (NO_SURVEY_TAGS as readonly string[]).includes(t.toLowerCase()))) return "resolved as spam or abuse";
    const events = await deps.store.listEvents({ conversationId: conversation.id, types: [SURVEY_SENT, "message.received"] });
    if (events.some((e) => e.type === SURVEY_SENT)) return "already surveyed";
    const received = events.filter((e) => e.type === "message.received");
    if (received.length === 0 || received.every((e) => e.data.automated !== undefined)) return "no message from a person";
    if (csat.after === "human") {
      const agentReplied = (await deps.store.listMessages(conversation.id, { direction: "outbound" })).some((m) => m.authorKind === "agent");
      if (!agentReplied && !conversation.handoff) return "no person handled it";
    }
    return null;
  }

  const sendHandler: TimerHandler = async (timer): Promise<DomainEvent[]> => {
    const conversation = timer.conversationId ? await deps.store.getConversation(timer.conversationId) : null;
    if (!conversation) return [];
    const reason = await whyNot(conversation);
    if (reason) {
      deps.logger.debug({ conversationId: conversation.id, reason }, "no survey sent");
      return [];
    }
    const locale = await localeOf(conversation);
    const sent = await enqueueReply(deps.store, deps.clock, conversation, {
      text: text(csat.ask, BUILT_IN_ASK, locale),
      authorKind: "system",
      authorId: null,
      buttons: BUTTONS,
    });
    if (!sent) return [];
    deps.onQueued();
    const scope = { conversationId: conversation.id, contactId: conversation.contactId };
    return [makeEvent(SURVEY_SENT, "system", deps.clock.now(), scope, { kind: "csat", channel: sent.channel, messageId: sent.id, locale })];
  };

  return {
    sendHandler,
    /** A conversation changed: when it is now resolved, the survey is scheduled (once; the handler re-checks everything). */
    async afterChange(conversationId: string): Promise<void> {
      if (!csat.enabled) return;
      const conversation = await deps.store.getConversation(conversationId);
      if (!conversation || conversation.status !== "resolved") return;
      if (await deps.store.getTimer(surveyKey(conversationId))) return;
      if (await whyNot(conversation)) return;
      await deps.schedule({
        key: surveyKey(conversationId),
        kind: SURVEY_SEND,
        conversationId,
        dueAt: new Date(deps.clock.now().getTime() + csat.delay),
        data: {},
      });
    },
    /**
     * A customer's message that rates their last survey: stored in the
     * surveyed conversation (already decided, so nothing answers it), with
     * `survey.answered`, and thanked. Null when the message is not such an
     * answer; the normal flow then takes it (a new request reopens as usual).
     */
    async answer(contact: Contact, inbound: InboundMessage): Promise<IngestOutcome | null> {
      if (!csat.enabled || inbound.automated) return null;
      const rating = parseCsat(inbound.text);
      if (!rating) return null;
      const [latest] = await deps.store.listConversations({ contactId: contact.id, limit: 1 });
      if (!latest || (latest.status !== "resolved" && latest.status !== "closed")) return null;
      const events = await deps.store.listEvents({ conversationId: latest.id, types: [SURVEY_SENT, SURVEY_ANSWERED] });
      const sent = events.find((e) => e.type === SURVEY_SENT);
      const now = deps.clock.now();
      if (!sent || events.some((e) => e.type === SURVEY_ANSWERED) || now.getTime() - sent.at.getTime() > csat.window) return null;
      const scope = { conversationId: latest.id, contactId: contact.id };
      const message = makeInboundMessage({
        conversationId: latest.id,
        contactId: contact.id,
        channel: inbound.channel,
        externalId: inbound.externalId,
        text: inbound.text,
        attachments: inbound.attachments,
        at: now,
      });
      const { message: stored, duplicate } = await deps.store.appendMessage({ ...message, decidedAt: now }, [
        makeEvent("message.received", "customer", now, scope, { messageId: message.id, channel: inbound.channel, survey: "csat" }),
        makeEvent(SURVEY_ANSWERED, "customer", now, scope, {
          kind: "csat",
          score: rating.score,
          ...(rating.comment ? { comment: rating.comment } : {}),
          channel: inbound.channel,
          sentAt: sent.at.toISOString(),
        }),
      ]);
      if (!duplicate) {
        const thanks = text(csat.thanks, BUILT_IN_THANKS, String(sent.data.locale ?? deps.defaultLocale));
        if (await enqueueReply(deps.store, deps.clock, latest, { text: thanks, authorKind: "system", authorId: null, channel: inbound.channel }))
          deps.onQueued();
      }
      return { messageId: stored.id, conversationId: latest.id, contactId: contact.id, duplicate, newConversation: false };
    },
  };
}

export type Surveys = ReturnType<typeof createSurveys>;
