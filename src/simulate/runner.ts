import type { WordVectorSource } from "../ai/local/word-vectors.js";
import { startHub } from "../app/hub.js";
import { manualClock } from "../core/clock.js";
import type { ThreadlineConfig } from "../core/config/schema.js";
import { silentLogger } from "../core/logger.js";
import { CHANNEL_IDS, makeContact, type ChannelId, type Identity, type IdentityKind } from "../core/model/index.js";
import { ACTIONS, type ActionContext, type ActionResult } from "./actions.js";
import { normaliseIdentity } from "../core/pipeline/identity.js";
import { openSqliteStore } from "../core/store/sqlite/sqlite-store.js";
import { EXPECTATIONS, type StepOutcome } from "./expectations.js";
import { actionKeys, type Expectations, type Scenario, type ScenarioStep } from "./scenario.js";
import { createVirtualChannel, type VirtualDelivery } from "./virtual-channel.js";
import { createVirtualWorkspace, type VirtualPost } from "./virtual-workspace.js";
import { simulatedSystems } from "./action-stand-ins.js";
import { startKnowledgeBase } from "../knowledge/index.js";

export interface StepResult {
  index: number;
  label: string;
  replies: { channel: ChannelId; text: string }[];
  failures: string[];
}

export interface ScenarioResult {
  name: string;
  file: string;
  passed: boolean;
  steps: StepResult[];
  /** Set when the scenario could not run at all (e.g. the contact lacks an identity for a channel). */
  error: string | null;
}

/** Default simulated start: a Wednesday mid-morning (UTC), inside typical business hours. */
export const DEFAULT_SCENARIO_START = "2026-01-07T10:00:00Z";

/**
 * Runs one scenario through the real pipeline in-process: a temporary in-memory
 * store, a simulated clock, a virtual endpoint per channel. Each step's
 * expectations are checked after the hub has settled (every decision made,
 * every due delivery attempted).
 */
export async function runScenario(
  scenario: Scenario,
  file: string,
  config: ThreadlineConfig,
  options: { rootDir?: string; wordVectors?: WordVectorSource } = {},
): Promise<ScenarioResult> {
  const clock = manualClock(new Date(scenario.at ?? DEFAULT_SCENARIO_START));
  const deliveries: VirtualDelivery[] = [];
  const posts: VirtualPost[] = [];
  const overrides = Object.fromEntries(CHANNEL_IDS.map((id) => [id, createVirtualChannel(id, deliveries)]));
  const platforms = new Set(["slack", "discord", ...Object.values(config.escalation.targets).map((t) => t.platform)]);
  const botOverrides = Object.fromEntries([...platforms].map((p) => [p, createVirtualWorkspace(p, posts)]));
  const store = openSqliteStore({ path: ":memory:" });
  const logger = silentLogger();
  // The real knowledge base from config (no file watching), on the simulated clock: answers and expiry as in production.
  const knowledge = await startKnowledgeBase({ config, store, logger, rootDir: options.rootDir ?? process.cwd(), watch: false, clock });
  const systems = await simulatedSystems({ clock, demoShop: config.demo_shop.enabled });
  const hub = await startHub({
    config,
    missingEnv: [],
    channels: [],
    dataDir: "",
    logger,
    store,
    clock,
    adapterOverrides: overrides,
    botOverrides,
    knowledge,
    wordVectors: options.wordVectors ?? null,
    actionFetch: systems.fetch,
    actionBaseUrl: systems.baseUrl,
  });
  const result: ScenarioResult = { name: scenario.name, file, passed: true, steps: [], error: null };
  try {
    const identities = contactIdentities(scenario);
    await store.createContact(makeContact({ name: scenario.contact.name ?? null, identities: [...identities.values()], at: clock.now() }), []);
    let previousConversationId: string | null = null;
    let lastConversationId: string | null = null;
    let counter = 0;
    for (const [index, step] of scenario.steps.entries()) {
      const before = deliveries.length;
      const postsBefore = posts.length;
      const decisionsBefore = (await store.listEvents({ type: "decision.made" })).length;
      const callsBefore = (await store.listEvents({ type: "action.called" })).length;
      const seenBefore = new Set((await store.listEvents({ limit: ALL_EVENTS })).map((e) => e.id));
      if (step.actions) systems.declare(step.actions);
      const key = actionKeys.find((k) => step[k] !== undefined)!;
      const action = ACTIONS[key] as { run(v: unknown, ctx: ActionContext): Promise<ActionResult> };
      const done = await action
        .run(step[key], {
          hub,
          clock,
          channel: step.channel ?? scenario.channel,
          contactName: scenario.contact.name ?? null,
          identities,
          nextExternalId: () => `sim-${++counter}`,
          lastConversationId: () => lastConversationId,
        })
        .catch((e: unknown) => {
          throw new Error(`step ${index + 1}: ${(e as Error).message}`);
        });
      await hub.settle();
      if (done.conversationId) {
        previousConversationId = lastConversationId;
        lastConversationId = done.conversationId;
      }
      const replies = deliveries.slice(before);
      const history = lastConversationId ? await store.listEvents({ conversationId: lastConversationId, limit: ALL_EVENTS }) : [];
      const outcome: StepOutcome = {
        history,
        events: history.filter((e) => !seenBefore.has(e.id)),
        replies,
        newConversation: done.newConversation ?? null,
        previousConversationId: done.conversationId ? previousConversationId : lastConversationId,
        conversation: lastConversationId ? await store.getConversation(lastConversationId) : null,
        decisions: (await store.listEvents({ type: "decision.made" })).slice(decisionsBefore).map((e) => e.data),
        posts: posts.slice(postsBefore),
        actionsCalled: (await store.listEvents({ type: "action.called" })).slice(callsBefore).map((e) => String(e.data.action)),
      };
      const failures = checkExpectations(step, outcome);
      if (failures.length > 0) result.passed = false;
      result.steps.push({ index: index + 1, label: done.label, replies: replies.map((r) => ({ channel: r.channel, text: r.message.text })), failures });
    }
  } catch (e) {
    result.passed = false;
    result.error = (e as Error).message;
  } finally {
    await hub.stop();
    await systems.close();
  }
  return result;
}

/** More events than any scenario writes. */
const ALL_EVENTS = 1_000_000;

function checkExpectations(step: ScenarioStep, outcome: StepOutcome): string[] {
  const expect = (step.expect ?? {}) as Expectations;
  return Object.entries(expect).flatMap(([key, value]) => {
    if (value === undefined) return [];
    const e = EXPECTATIONS[key as keyof typeof EXPECTATIONS] as { check(v: unknown, o: StepOutcome): string[] };
    return e.check(value, outcome).map((f) => `${key}: ${f}`);
  });
}

function contactIdentities(scenario: Scenario): Map<IdentityKind, Identity> {
  const c = scenario.contact;
  const map = new Map<IdentityKind, Identity>();
  const slug = (c.name ?? scenario.name).toLowerCase().replace(/[^a-z0-9]+/g, "-");
  map.set("web", normaliseIdentity("web", c.web ?? `sim-visitor-${slug}`));
  if (c.telegram) map.set("telegram", normaliseIdentity("telegram", c.telegram));
  if (c.email) map.set("email", normaliseIdentity("email", c.email));
  if (c.phone) map.set("phone", normaliseIdentity("phone", c.phone));
  return map;
}
