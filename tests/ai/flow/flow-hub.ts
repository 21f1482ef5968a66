import type { AiProvider } from "../../../src/ai/port.js";
import type { EscalationBot } from "../../../src/core/escalation/port.js";
import { manualClock } from "../../../src/core/clock.js";
import type { Decider } from "../../../src/core/pipeline/decision.js";
import type { Conversation, DomainEvent } from "../../../src/core/model/index.js";
import { createVirtualChannel, type VirtualDelivery } from "../../../src/simulate/virtual-channel.js";
import { createVirtualWorkspace, type VirtualPost } from "../../../src/simulate/virtual-workspace.js";
import { startTestHub, type TestHub } from "../../helpers/hub.js";

/** Inside business hours in Berlin, when the shipped articles are valid. */
export const FLOW_START = "2026-11-25T10:00:00+01:00";

export interface Turn {
  conversationId: string;
  newConversation: boolean;
  /** Notes of the `decision.made` event for this message. */
  notes: Record<string, unknown>;
  /** Texts delivered to the customer while this message was decided (greeting included). */
  texts: string[];
  deliveries: VirtualDelivery[];
  conversation: Conversation;
}

export interface FlowHub extends TestHub {
  clock: ReturnType<typeof manualClock>;
  deliveries: VirtualDelivery[];
  posts: VirtualPost[];
  /** The customer writes on the web chat (visitor `who`); resolves when the hub has settled. */
  say(text: string, who?: string): Promise<Turn>;
  events(conversationId: string, type: string): Promise<DomainEvent[]>;
}

/**
 * The real hub (shipped config without business hours unless `configYaml`
 * is given, the shipped knowledge base, a simulated clock) with a virtual web
 * channel and a virtual Slack workspace, so a test sees exactly what the
 * customer received and what agents were shown. Only the provider (or the
 * decision step) is swapped, by passing it in.
 */
export async function startFlowHub(
  options: {
    configYaml?: string;
    ai?: AiProvider;
    decide?: Decider;
    /** A Slack stand-in of the test's own (e.g. one that fails for a while), logging into `posts`. */
    bot?: EscalationBot;
    posts?: VirtualPost[];
  } = {},
): Promise<FlowHub> {
  const clock = manualClock(new Date(FLOW_START));
  const deliveries: VirtualDelivery[] = [];
  const posts: VirtualPost[] = options.posts ?? [];
  const t = await startTestHub({
    knowledge: true,
    clock,
    ...(options.configYaml ? { configYaml: options.configYaml } : {}),
    overrides: {
      adapterOverrides: { web: createVirtualChannel("web", deliveries) },
      botOverrides: { slack: options.bot ?? createVirtualWorkspace("slack", posts) },
      ...(options.ai ? { ai: options.ai } : {}),
      ...(options.decide ? { decide: options.decide } : {}),
    },
  });
  let counter = 0;
  return {
    ...t,
    clock,
    deliveries,
    posts,
    async say(text, who = "visitor-1") {
      const before = deliveries.length;
      const [outcome] = await t.hub.ingest([
        {
          channel: "web",
          externalId: `flow-${++counter}`,
          sender: { kind: "web", value: who, name: null },
          address: { visitorId: who },
          text,
          attachments: [],
          receivedAt: clock.now(),
        },
      ]);
      await t.hub.settle();
      const conversationId = outcome!.conversationId;
      const decided = (await t.store.listEvents({ conversationId, type: "decision.made" })).filter((e) => e.data.messageId === outcome!.messageId);
      const mine = deliveries.slice(before);
      return {
        conversationId,
        newConversation: outcome!.newConversation,
        notes: decided.at(-1)?.data ?? {},
        texts: mine.map((d) => d.message.text),
        deliveries: mine,
        conversation: (await t.store.getConversation(conversationId))!,
      };
    },
    events: (conversationId, type) => t.store.listEvents({ conversationId, type }),
  };
}
