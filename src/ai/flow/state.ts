import type { HandoffArticle, HandoffLookup, RiskLevel } from "../../core/model/index.js";
import type { Store } from "../../core/store/port.js";

/**
 * What the AI remembers about a conversation between messages. It is not a
 * table: every decision writes the state it ended with on its
 * `decision.made` event, and the next decision reads the latest one. A
 * hand-back from an agent (`owner.changed` to ai) starts a fresh state, so
 * the AI does not resume a question it was asking before the escalation.
 */
export interface AiState {
  intent: string | null;
  confidence: number | null;
  /** The customer message that set the intent (the question knowledge-base answers are about). */
  question: string | null;
  /** The field the AI asked for last and is waiting for, or null. */
  asking: string | null;
  /** Invalid answers to `asking` so far. */
  fieldFailures: number;
  clarifications: number;
  /** Failed AI attempts in this conversation (unclear requests, invalid answers, questions the KB could not answer). */
  failures: number;
  /** What the AI and the customer already did, oldest first (handoff card). */
  steps: string[];
  articles: HandoffArticle[];
  /** Language detected in the customer's messages, or null while unsure. */
  language: string | null;
  /** Linking an earlier identity: asked which one ("ask"), or waiting for the one-time code ("code"). */
  linking: "ask" | "code" | null;
  /** Fields the customer said they do not have ("I ordered as a guest"): never asked for again in this conversation. */
  declined: string[];
  /**
   * A hand-over decided while fields a person needs were still missing
   * (`ask_when: escalate`): the AI asks for them first, then escalates with
   * this reason (also when the customer does not have them).
   */
  escalating: { reason: string; risk: RiskLevel; queue: string; step: string } | null;
  /** The customer was told once that the team answers in the default language (no texts in theirs). */
  languageNoted: boolean;
  /** What the AI looked up in this conversation (actions), oldest first: shown on the handoff card. */
  lookups: HandoffLookup[];
  /** A writing action waiting for the customer's yes ("confirming"), or confirmed and about to run. */
  confirming: string | null;
  confirmed: string | null;
  /** Values an action found no record for (field → value) and how often that happened; the second miss hands over. */
  notFound: Record<string, string>;
  lookupMisses: number;
  /** Second factors that did not match a looked-up record; the second mismatch hands over without disclosing anything. */
  ownerMismatches: number;
  /** The record (e.g. order number) the second factor was last asked for: only an answer to that question counts as a mismatch. */
  ownerAskedFor: string | null;
  /** The action a model chose as a tool (OpenAI) for the request in progress; answers to the AI's follow-up questions continue it. */
  chosenAction: string | null;
}

export const INITIAL_STATE: AiState = {
  intent: null,
  confidence: null,
  question: null,
  asking: null,
  fieldFailures: 0,
  clarifications: 0,
  failures: 0,
  steps: [],
  articles: [],
  language: null,
  linking: null,
  declined: [],
  escalating: null,
  languageNoted: false,
  lookups: [],
  confirming: null,
  confirmed: null,
  notFound: {},
  lookupMisses: 0,
  ownerMismatches: 0,
  ownerAskedFor: null,
  chosenAction: null,
};

/** The AI state left by the last decision of this conversation (after the last hand-back), or the initial state. */
export async function loadAiState(store: Store, conversationId: string): Promise<AiState> {
  // Newest first in log order: a hand-back in the same millisecond as the escalation before it (a
  // simulated clock, a fast agent) must still start a fresh state, which comparing timestamps cannot
  // tell. Only the two relevant types are read, so the cost does not grow with the conversation.
  for (let limit = STATE_PAGE; ; limit *= 8) {
    const events = await store.listEvents({ conversationId, types: ["decision.made", "owner.changed"], newestFirst: true, limit });
    for (const e of events) {
      if (e.type === "owner.changed" && e.data.to === "ai") return { ...freshState(), steps: ["An agent handed the conversation back to the AI"] };
      if (e.type === "decision.made" && e.data.state) return { ...freshState(), ...(e.data.state as Partial<AiState>) };
    }
    if (events.length < limit) return freshState();
  }
}

/** INITIAL_STATE with arrays of its own, so a caller's push never changes the constant. */
function freshState(): AiState {
  return { ...INITIAL_STATE, steps: [], articles: [], declined: [], lookups: [], notFound: {} };
}

/**
 * Events read in the first step when looking for the latest state; each further step reads 8× more.
 * The newest decision almost always carries the state, so reading 50 (each with a ~2 KB state) on every
 * message was wasted work (issue 19's profile: listEvents 6 % of hub CPU).
 */
const STATE_PAGE = 4;
