import type { Turn } from "./turn.js";

/**
 * The customer's answer to "Shall I cancel order NW-10027?" (a writing
 * action waiting in `state.confirming`): "yes" lets the action run, "no"
 * drops it, anything else drops it too and the message is read as a new
 * request, so a customer who changes the subject never triggers a write.
 */
export function confirmStep(turn: Turn): "yes" | "no" | null {
  const { state } = turn;
  const waiting = state.confirming;
  if (!waiting) return null;
  state.confirming = null;
  const answer = yesOrNo(turn.text);
  if (answer === "yes") {
    state.confirmed = waiting;
    state.steps.push("Customer confirmed");
  } else if (answer === "no") {
    state.steps.push("Customer declined the change");
  }
  return answer;
}

/**
 * A short yes or no in English, German, French, Spanish, Dutch, Italian or
 * Portuguese; null for anything longer or unclear (a write needs a clear yes).
 */
export function yesOrNo(text: string): "yes" | "no" | null {
  const t = text
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[^\p{L}\p{N}' ]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (!t || t.split(" ").length > 8) return null;
  const no = NO.test(t);
  const yes = YES.test(t);
  if (no) return "no";
  return yes ? "yes" : null;
}

const YES =
  /^(yes|yeah|yep|yup|sure|ok|okay|please do|please|go ahead|do it|confirm(ed)?|correct|ja|jawohl|gerne?|bitte|mach das|oui|d'accord|vas y|si|claro|vale|por favor|hazlo|adelante|sim|graag|doe maar)\b/;
const NO =
  /^(no|nope|nah|don't|do not|cancel that|stop|nein|lieber nicht|nicht|non|pas|ne pas|no gracias|nao|nee|niet)\b|\b(don't|do not|not now|nicht|ne pas|no lo)\b/;
