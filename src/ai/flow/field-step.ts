import type { IntentConfig } from "../../core/config/ai-schema.js";
import type { Decision } from "../../core/pipeline/decision.js";
import { declinedFields } from "../local/field-decline.js";
import { extractIdentifiers, validateField } from "../local/fields.js";
import type { ExtractInput } from "../port.js";
import { escalate, fallbackQueue } from "./escalate-step.js";
import type { FlowEnv, Turn } from "./turn.js";

const words = (name: string) => name.replace(/_/g, " ");

/**
 * Identifiers (order ids, e-mail addresses, phone numbers) in every message,
 * whatever it is about and before the topic is clear, kept on the
 * conversation: a value given once is never asked for, and a different one
 * written later replaces it ("and order NW-10027?" is about that order). The
 * field being asked for is left to {@link pendingFieldStep}, which reads the
 * whole message as it.
 */
export function collectIdentifiers(env: FlowEnv, turn: Turn): void {
  const specs = Object.keys(env.config.fields)
    .filter((n) => n !== turn.state.asking)
    .map((n) => env.fieldSpec(n));
  for (const [name, value] of Object.entries(extractIdentifiers(turn.text, specs, turn.fieldContext))) turn.learn(name, value);
}

/** What became of the field question asked last. */
export type PendingOutcome = "none" | "consumed" | "declined" | { decision: Decision };

/**
 * The answer to the field question asked last: a valid value is kept; "I
 * don't have it" marks the field declined (never asked again; the caller
 * takes the alternative path); anything else is re-asked with the reason,
 * and after `field_attempts` invalid answers the case goes to a person.
 */
export async function pendingFieldStep(env: FlowEnv, turn: Turn): Promise<PendingOutcome> {
  const { config } = env;
  const { state, text } = turn;
  const name = state.asking;
  if (!name || !config.fields[name]) return "none";
  const spec = env.fieldSpec(name);
  const found = (await extractSafely(env, { text, fields: [spec], expecting: name, locale: turn.locale }))[name];
  const checked = found !== undefined ? validateField(spec, found, turn.fieldContext) : validateField(spec, text, turn.fieldContext);
  if (checked.ok) {
    turn.learn(name, checked.value);
    state.asking = null;
    state.fieldFailures = 0;
    return "consumed";
  }
  if (declinedFields(text, [spec]).length > 0) {
    decline(turn, name);
    return "declined";
  }
  state.fieldFailures += 1;
  state.failures += 1;
  state.steps.push(`Customer's answer for ${words(name)} did not validate (${checked.reason})`);
  if (state.fieldFailures >= config.ai.field_attempts) {
    const waiting = state.escalating;
    const reason = `Could not get a valid ${words(name)} from the customer${waiting ? ` (${waiting.reason})` : ""}`;
    return { decision: await escalate(env, turn, { risk: waiting?.risk ?? "low", rule: null, reason, queue: waiting?.queue ?? fallbackQueue(env, state) }) };
  }
  turn.replies.push({
    kind: "ask_field",
    text: env.texts.get("invalid_field", turn.locale, { reason: checked.reason, prompt: promptOf(env, turn, name) }),
    authorKind: "ai",
  });
  Object.assign(turn.notes, { asks_for: name });
  return { decision: turn.finish() };
}

/**
 * Asks for the first of the intent's fields that is still missing (and that
 * the customer has not said they do not have), after extracting what this
 * message holds; null when nothing is missing. Values from the provider are
 * validated again (an LLM's "order number" must still match the pattern).
 */
export async function askMissingField(env: FlowEnv, turn: Turn, intent: IntentConfig): Promise<Decision | null> {
  await gatherIntentFields(env, turn, intent);
  const { state } = turn;
  const missing = intent.fields.filter((f) => !turn.fields[f] && !state.declined.includes(f));
  for (const name of declinedFields(
    turn.text,
    missing.map((f) => env.fieldSpec(f)),
  ))
    decline(turn, name);
  const next = missing.find((f) => !state.declined.includes(f));
  if (!next) return null;
  state.asking = next;
  state.fieldFailures = 0;
  state.steps.push(`AI asked for ${words(next)}`);
  turn.replies.push({ kind: "ask_field", text: promptOf(env, turn, next), authorKind: "ai" });
  Object.assign(turn.notes, { asks_for: next });
  return turn.finish({ queue: intent.queue });
}

/** Extracts the intent's missing fields from this message (any kind, through the provider), without asking for anything. */
export async function gatherIntentFields(env: FlowEnv, turn: Turn, intent: IntentConfig): Promise<void> {
  const specs = intent.fields.map((f) => env.fieldSpec(f));
  const found = await extractSafely(env, { text: turn.text, fields: specs.filter((s) => s.kind !== "text" && !turn.fields[s.name]), locale: turn.locale });
  for (const [name, value] of Object.entries(found)) {
    const spec = specs.find((s) => s.name === name);
    const checked = spec ? validateField(spec, value, turn.fieldContext) : null;
    if (checked?.ok && !turn.fields[name]) turn.learn(name, checked.value);
  }
}

/** Whether the intent still lacks a field a person would need (declined ones excepted). */
export function lacksFields(turn: Turn, intent: IntentConfig): boolean {
  return intent.fields.some((f) => !turn.fields[f] && !turn.state.declined.includes(f));
}

function decline(turn: Turn, name: string): void {
  const { state } = turn;
  if (!state.declined.includes(name)) state.declined.push(name);
  if (state.asking === name) state.asking = null;
  state.fieldFailures = 0;
  state.steps.push(`Customer does not have the ${words(name)}`);
}

function promptOf(env: FlowEnv, turn: Turn, name: string): string {
  const prompt = env.config.fields[name]!.prompt;
  return prompt[turn.locale] ?? prompt[env.defaultLocale]!;
}

/** The provider's extraction; a failure (API down with no fallback) means "nothing found", never a crashed decision. */
async function extractSafely(env: FlowEnv, input: ExtractInput): Promise<Record<string, string>> {
  if (input.fields.length === 0) return {};
  try {
    return (await env.provider.extract(input)).fields;
  } catch (e) {
    env.logger.warn({ err: e }, "field extraction failed; treating the message as containing no fields");
    return {};
  }
}
