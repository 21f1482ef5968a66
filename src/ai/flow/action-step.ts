import type { IntentConfig } from "../../core/config/ai-schema.js";
import type { ActionConfig } from "../../core/actions/schema.js";
import { holds, type ExpressionScope } from "../../core/actions/expression.js";
import { checkAttributes } from "../../core/attributes/index.js";
import { checkOwnership } from "../../core/actions/ownership.js";
import type { ActionOutcome } from "../../core/actions/runner.js";
import { escapeChatText, renderTemplate } from "../../core/actions/template.js";
import type { Decision } from "../../core/pipeline/decision.js";
import { actionsToTry } from "./action-choice.js";
import { escalate } from "./escalate-step.js";
import type { FlowEnv, Turn } from "./turn.js";

const words = (name: string) => name.replace(/_/g, " ");

/**
 * Looks things up for the customer (issue 12): once an intent's fields are
 * in, its actions run in order (the local provider), or the one the model
 * chose as a function tool (OpenAI, see action-choice.ts), and the
 * customer gets the real answer from the shop's system, a question that
 * proves the record is theirs, a second chance for a value with no record,
 * or a hand-over with the looked-up data on the card. A failing system never
 * blocks the conversation: the AI says it cannot check right now and hands
 * over with the error on the card.
 *
 * `continuing`: this message answered the AI's question (a field, a second
 * factor), so it continues the request in progress.
 *
 * Returns null when no action applies (no runner, none listed, a needed
 * value missing or declined): the flow goes on to the knowledge base.
 */
export async function actionStep(env: FlowEnv, turn: Turn, intent: IntentConfig, continuing = false): Promise<Decision | null> {
  const runner = env.actions;
  if (!runner || intent.actions.length === 0) return null;
  const { state } = turn;
  for (const name of await actionsToTry(env, turn, intent, continuing)) {
    const action = runner.config(name);
    if (!action || action.needs.some((f) => !turn.fields[f])) continue;
    const stale = action.needs.find((f) => state.notFound[f] !== undefined && state.notFound[f] === turn.fields[f]);
    if (stale) {
      if (state.declined.includes(stale)) continue;
      return handOver(env, turn, intent, action, name, { reason: `No record for ${words(stale)} "${turn.fields[stale]}" (the customer gave it again)` });
    }
    if (action.verify_with && !verified(turn, action)) {
      const check = runner.config(action.verify_with)!;
      const outcome = await callAction(env, turn, action.verify_with);
      // Found and proven: the lookup is recorded and nothing is said yet; the write comes next.
      if (outcome.kind !== "found") return afterOutcome(env, turn, intent, check, action.verify_with, outcome);
      const proof = await prove(env, turn, intent, check, action.verify_with, outcome.values);
      if (proof) return proof;
    }
    if (action.confirm && state.confirmed !== name) return askConfirmation(env, turn, intent, action, name);
    const outcome = await callAction(env, turn, name);
    if (state.confirmed === name) state.confirmed = null;
    return afterOutcome(env, turn, intent, action, name, outcome);
  }
  return null;
}

/** Attributes the action maps from what it found (e.g. the shop's customer tier), validated against their declarations; an invalid value is logged and skipped. */
function setAttributes(env: FlowEnv, turn: Turn, action: ActionConfig, values: Record<string, unknown>): void {
  const raw: Record<string, string | number | boolean> = {};
  for (const [attribute, key] of Object.entries(action.attributes)) {
    const v = values[key];
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") raw[attribute] = v;
  }
  if (Object.keys(raw).length === 0) return;
  const checked = checkAttributes(env.config.attributes, raw);
  if (!checked.ok) {
    env.logger.warn(
      { attribute: checked.problem.key, conversationId: turn.input.conversation.id },
      `an action's attribute value was refused: ${checked.problem.code}`,
    );
    return;
  }
  for (const [k, v] of Object.entries(checked.values)) if (v !== null) turn.setAttribute(k, v);
}

function callAction(env: FlowEnv, turn: Turn, name: string): Promise<ActionOutcome> {
  return env.actions!.run(name, {
    values: turn.fields,
    conversationId: turn.input.conversation.id,
    contactId: turn.input.contact.id,
    question: turn.state.question ?? turn.text,
    now: turn.input.now,
  });
}

/** Whether the record a writing action changes was looked up in this conversation and proven the customer's. */
function verified(turn: Turn, action: ActionConfig): boolean {
  const subject = turn.fields[action.needs[0]!];
  return turn.state.lookups.some((l) => l.action === action.verify_with && l.outcome === "found" && l.owner === true && l.subject === subject);
}

async function afterOutcome(env: FlowEnv, turn: Turn, intent: IntentConfig, action: ActionConfig, name: string, outcome: ActionOutcome): Promise<Decision> {
  const { state } = turn;
  if (outcome.kind === "failed") {
    state.lookups.push({ action: name, description: action.description, outcome: "failed", error: outcome.error });
    state.steps.push(`AI tried to ${action.description.toLowerCase()}: the system did not answer (${outcome.error})`);
    turn.replies.push({ kind: "action_failed", text: env.texts.get("action_failed", turn.locale), authorKind: "ai" });
    return escalate(env, turn, { risk: intent.risk, rule: null, reason: `Lookup "${name}" failed: ${outcome.error}`, queue: intent.queue });
  }
  if (outcome.kind === "not_found") return notFound(env, turn, intent, action, name);
  return found(env, turn, intent, action, name, outcome.values);
}

/** No record: ask for the value once more (it may have a typo), then hand over. */
async function notFound(env: FlowEnv, turn: Turn, intent: IntentConfig, action: ActionConfig, name: string): Promise<Decision> {
  const { state } = turn;
  const field = action.needs[0]!;
  const value = turn.fields[field]!;
  state.notFound[field] = value;
  state.lookupMisses += 1;
  state.failures += 1;
  state.lookups.push({ action: name, description: action.description, outcome: "not_found" });
  state.steps.push(`AI looked up ${words(field)} "${value}": no such record`);
  if (state.lookupMisses >= MAX_MISSES)
    return handOver(env, turn, intent, action, name, { reason: `No record found for ${words(field)} after ${MAX_MISSES} tries` });
  const view = { ...turn.fields, value };
  const text = action.not_found
    ? renderLocalised(env, turn, action.not_found, view)
    : env.texts.get("not_found", turn.locale, { value: escapeChatText(value) });
  turn.replies.push({ kind: "action_not_found", text, authorKind: "ai" });
  state.asking = field;
  state.fieldFailures = 0;
  Object.assign(turn.notes, { asks_for: field, action: name, action_outcome: "not_found" });
  return turn.finish({ queue: intent.queue });
}

async function found(env: FlowEnv, turn: Turn, intent: IntentConfig, action: ActionConfig, name: string, values: Record<string, unknown>): Promise<Decision> {
  const proof = await prove(env, turn, intent, action, name, values);
  if (proof) return proof;
  const scope = scopeOf(turn);
  const view = displayView(env, turn, values);
  const answer = await firstAnswer(action, values, scope);
  for (const rule of action.escalate) {
    if (!(await holds(rule.when, values, scope))) continue;
    if (rule.say_answer && answer) turn.replies.push({ kind: "action_answer", text: renderLocalised(env, turn, answer, view), authorKind: "ai" });
    return escalate(env, turn, {
      risk: rule.risk,
      rule: null,
      reason: `${rule.reason} (looked up by ${name})`,
      queue: rule.queue,
      ...(rule.priority ? { priority: rule.priority } : {}),
    });
  }
  if (!answer) return handOver(env, turn, intent, action, name, { reason: `No answer is configured for what ${name} found` });
  turn.replies.push({ kind: "action_answer", text: renderLocalised(env, turn, answer, view), authorKind: "ai" });
  Object.assign(turn.notes, { action: name, action_outcome: "found" });
  return turn.finish({ queue: intent.queue });
}

/**
 * Ownership before disclosure. Null when the record may be shown (proven,
 * or no check configured), after recording the lookup; otherwise the
 * decision that asks for the second factor or hands over.
 */
async function prove(
  env: FlowEnv,
  turn: Turn,
  intent: IntentConfig,
  action: ActionConfig,
  name: string,
  values: Record<string, unknown>,
): Promise<Decision | null> {
  const { state } = turn;
  let via = "no ownership check configured";
  if (action.ownership) {
    const check = checkOwnership(action.ownership, values, turn.input.contact.identities, turn.fields[action.ownership.ask]);
    if (check.kind !== "proven") return unproven(env, turn, intent, action, name, values, check.kind);
    via = check.via;
  }
  state.ownerMismatches = 0;
  state.lookupMisses = 0;
  setAttributes(env, turn, action, values);
  state.lookups.push({
    action: name,
    description: action.description,
    outcome: "found",
    subject: turn.fields[action.needs[0]!]!,
    owner: true,
    values,
    ownership: via,
  });
  state.steps.push(`AI looked up: ${action.description} (${summarise(values)})`);
  return null;
}

/** The record exists but is not shown yet: ask for the second factor, or after a second mismatch hand over (the card has the record, the customer gets nothing of it). */
async function unproven(
  env: FlowEnv,
  turn: Turn,
  intent: IntentConfig,
  action: ActionConfig,
  name: string,
  values: Record<string, unknown>,
  outcome: "mismatch" | "unproven",
): Promise<Decision> {
  const { state } = turn;
  let kind = outcome;
  const ask = action.ownership!.ask;
  const subject = turn.fields[action.needs[0]!]!;
  // A value kept from earlier (another order's proof, the profile) was not given for this record: ask rather than count a mismatch.
  if (kind === "mismatch" && state.ownerAskedFor !== subject) kind = "unproven";
  state.ownerAskedFor = subject;
  if (kind === "mismatch") {
    state.ownerMismatches += 1;
    state.failures += 1;
    state.steps.push(`Customer's ${words(ask)} did not match the record`);
  }
  if (state.ownerMismatches >= MAX_MISMATCHES || state.declined.includes(ask)) {
    state.lookups.push({
      action: name,
      description: action.description,
      outcome: "found",
      subject: turn.fields[action.needs[0]!]!,
      owner: false,
      values,
      ownership: "not proven: nothing was disclosed to the customer",
    });
    return escalate(env, turn, {
      risk: "medium",
      rule: null,
      reason: `The customer could not prove the record is theirs (${name}); nothing was disclosed`,
      queue: intent.queue,
    });
  }
  const prompt = promptOf(env, turn, ask);
  turn.replies.push({
    kind: "ask_field",
    text: env.texts.get(kind === "mismatch" ? "owner_mismatch" : "verify_owner", turn.locale, { prompt }),
    authorKind: "ai",
  });
  state.asking = ask;
  state.fieldFailures = 0;
  if (kind === "unproven") state.steps.push(`AI asked for ${words(ask)} to confirm the record is the customer's`);
  Object.assign(turn.notes, { asks_for: ask, action: name, action_outcome: kind });
  return turn.finish({ queue: intent.queue });
}

async function askConfirmation(env: FlowEnv, turn: Turn, intent: IntentConfig, action: ActionConfig, name: string): Promise<Decision> {
  turn.state.confirming = name;
  turn.state.steps.push(`AI asked the customer to confirm: ${action.description}`);
  turn.replies.push({ kind: "action_confirm", text: renderLocalised(env, turn, action.confirm!, { ...turn.fields }), authorKind: "ai" });
  Object.assign(turn.notes, { action: name, action_outcome: "confirming" });
  return turn.finish({ queue: intent.queue });
}

async function handOver(env: FlowEnv, turn: Turn, intent: IntentConfig, action: ActionConfig, name: string, why: { reason: string }): Promise<Decision> {
  turn.state.steps.push(`Handed over: ${why.reason}`);
  return escalate(env, turn, { risk: intent.risk, rule: null, reason: `${why.reason} (${action.description}; ${name})`, queue: intent.queue });
}

async function firstAnswer(action: ActionConfig, values: Record<string, unknown>, scope: ExpressionScope): Promise<Record<string, string> | null> {
  for (const a of action.answers) if (!a.when || (await holds(a.when, values, scope))) return a.text;
  return null;
}

function scopeOf(turn: Turn): ExpressionScope {
  return { nowMs: turn.input.now.getTime(), fields: turn.fields, question: turn.state.question ?? turn.text };
}

function renderLocalised(env: FlowEnv, turn: Turn, templates: Record<string, string>, view: Record<string, unknown>): string {
  const template = templates[turn.locale] ?? templates[env.defaultLocale] ?? Object.values(templates)[0]!;
  return renderTemplate(template, view, escapeChatText);
}

/** Template values: the fields, then the looked-up values with ISO dates written as dates in the customer's locale and the hub's time zone. */
function displayView(env: FlowEnv, turn: Turn, values: Record<string, unknown>): Record<string, unknown> {
  const timeZone = env.config.business_hours?.timezone ?? "UTC";
  const shown: Record<string, unknown> = { ...turn.fields };
  for (const [k, v] of Object.entries(values)) shown[k] = typeof v === "string" && ISO_DATE.test(v) ? formatDate(v, turn.locale, timeZone) : v;
  return shown;
}

function formatDate(iso: string, locale: string, timeZone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone }).format(d);
}

function summarise(values: Record<string, unknown>): string {
  return Object.entries(values)
    .filter(([, v]) => typeof v !== "object")
    .slice(0, 6)
    .map(([k, v]) => `${words(k)}: ${String(v)}`)
    .join(", ");
}

function promptOf(env: FlowEnv, turn: Turn, name: string): string {
  const prompt = env.config.fields[name]?.prompt;
  return prompt ? (prompt[turn.locale] ?? prompt[env.defaultLocale]!) : "";
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const MAX_MISSES = 2;
const MAX_MISMATCHES = 2;
