import type { CodeVerification } from "../../core/identity/index.js";
import type { Conversation, Identity } from "../../core/model/index.js";
import { normaliseIdentity } from "../../core/pipeline/identity.js";
import type { AiState } from "./state.js";
import type { Texts } from "./texts.js";

/** "I wrote to you before", "already contacted you on WhatsApp", "hab euch schon mal geschrieben"… */
const PRIOR_CONTACT =
  /\b(wrote|written|messaged|contacted|talked|chatted|spoke)\b.{0,30}\b(before|earlier|already|last (week|time))\b|\balready\b.{0,20}\b(wrote|contacted|messaged|talked|chatted)\b|\b(other|previous|earlier|old) (chat|conversation|account|ticket|number|email)\b|\bschon (mal |einmal )?(geschrieben|kontaktiert|gemeldet)\b/iu;
const EMAIL = /[^\s@<>(),;:]+@[^\s@<>(),;:]+\.[a-z]{2,}/iu;
const PHONE = /(?:\+|00)\d[\d\s().-]{6,}\d/u;
const CODE = /\b(\d{6})\b/u;

export interface LinkStepInput {
  codes: CodeVerification;
  text: string;
  conversation: Conversation;
  state: AiState;
  locale: string;
  texts: Texts;
}

/**
 * Links a returning customer's earlier identity when they say they wrote
 * before: the AI asks which e-mail address or phone number they used, a
 * one-time code goes to THAT channel, and the code typed here merges the two
 * contacts. The answer to an offer is the same whether or not the identity is
 * known, so the chat cannot be used to probe whose addresses we have.
 * Returns the reply, or null when this message is not about linking.
 */
export async function linkStep(input: LinkStepInput): Promise<{ kind: string; text: string } | null> {
  const { codes, text, conversation, state, locale, texts } = input;
  if (state.linking === "code") {
    const code = CODE.exec(text)?.[1];
    if (!code) return null;
    const verified = await codes.verifyCode({ conversation, code });
    switch (verified.status) {
      case "merged":
      case "already_linked":
        state.linking = null;
        state.steps.push("Customer proved an earlier identity with a one-time code; their contacts were merged");
        return { kind: "link_done", text: texts.get("link_done", locale) };
      case "mismatch":
        return { kind: "link_mismatch", text: texts.get("link_mismatch", locale, { left: String(verified.attemptsLeft) }) };
      case "invalid_format":
        return null;
      default:
        state.linking = null;
        return { kind: "link_expired", text: texts.get("link_expired", locale) };
    }
  }
  const cue = PRIOR_CONTACT.test(text);
  if (!cue && state.linking !== "ask") return null;
  const claimed = claimedIdentity(text);
  if (!claimed) {
    if (!cue) {
      state.linking = null;
      return null;
    }
    state.linking = "ask";
    return { kind: "link_ask", text: texts.get("link_ask", locale) };
  }
  const offer = await codes.offerCode({ conversation, claimed, actor: "ai" });
  if (offer.status === "already_linked") {
    state.linking = null;
    return { kind: "link_already", text: texts.get("link_already", locale) };
  }
  if (offer.status === "rate_limited") {
    state.linking = null;
    return { kind: "link_later", text: texts.get("link_later", locale) };
  }
  // sent, no_match and unreachable read the same to the customer.
  state.linking = offer.status === "sent" ? "code" : null;
  state.steps.push("AI offered to link an earlier identity with a one-time code");
  return { kind: "link_offered", text: texts.get("link_offered", locale) };
}

function claimedIdentity(text: string): Identity | null {
  const email = EMAIL.exec(text)?.[0];
  if (email) return normaliseIdentity("email", email);
  const phone = PHONE.exec(text)?.[0];
  return phone ? normaliseIdentity("phone", phone) : null;
}
