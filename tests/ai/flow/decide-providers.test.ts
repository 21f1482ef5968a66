import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { withFallback } from "../../../src/ai/fallback.js";
import { createOpenAiProvider } from "../../../src/ai/openai/index.js";
import { AiProviderError, type AiProvider } from "../../../src/ai/port.js";
import { silentLogger } from "../../../src/core/logger.js";
import { startOpenAiStandIn, type OpenAiStandIn } from "../../fakes/openai-server.js";
import { localProviderFor, shippedConfig } from "./fake-providers.js";
import { startFlowHub, type FlowHub } from "./flow-hub.js";

const config = shippedConfig();
let server: OpenAiStandIn;
let hub: FlowHub | null = null;
beforeAll(async () => {
  server = await startOpenAiStandIn({ apiKey: "sk-flow-test" });
});
afterAll(() => server.close());
afterEach(async () => {
  await hub?.stop();
  hub = null;
  server.requests.length = 0;
});

describe("AI decision flow when the provider fails", () => {
  it("OpenAI answering 500s and malformed tool calls: the local fall-back still makes the right decisions", async () => {
    const openai = createOpenAiProvider({
      apiKey: "sk-flow-test",
      baseURL: server.baseURL,
      models: { chat: "gpt-test" },
      timeoutMs: 2000,
      logger: silentLogger(),
    });
    const provider = withFallback(openai, localProviderFor(config), silentLogger());
    // Scripted failures first; anything unscripted is a 500 from the stand-in.
    server.nextChat({ kind: "malformed_tool_call" }, { kind: "error", status: 500 }, { kind: "malformed_tool_call", raw: "{not json" });
    hub = await startFlowHub({ ai: provider });

    const shipping = await hub.say("Do you ship to the UK?", "a");
    expect(shipping.notes).toMatchObject({ intent: "shipping", cites: ["shipping-times-and-costs"], provider: "openai" });
    expect(shipping.texts.at(-1)).toContain("Source: Shipping times and costs");

    const order = await hub.say("Where is my order?", "b");
    expect(order.notes).toMatchObject({ intent: "order_status", asks_for: "order_id" });

    const threat = await hub.say("This is ridiculous, I will file a chargeback with my bank.", "b");
    expect(threat.notes).toMatchObject({ escalated: true, rule: "chargeback", queue: "billing" });
    expect(threat.conversation.handoff!.goal).toMatch(/^Customer wants help with order status/); // the local summary
    expect(server.pendingChat).toBe(0);
    // OpenAI was really asked (classify, answer, summarise…), and every answer was unusable.
    expect(server.requestsTo("/v1/chat/completions").length).toBeGreaterThanOrEqual(4); // classify ×2, answer, summarise at least
  });

  it("a provider whose summarise throws (no fall-back) still escalates, with the first customer message as the goal", async () => {
    const local = localProviderFor(config);
    const broken: AiProvider = {
      id: "openai",
      classify: (input) => local.classify(input),
      extract: (input) => local.extract(input),
      answer: (input) => local.answer(input),
      summarise: async () => {
        throw new AiProviderError("unavailable", "summarise", "OpenAI summarise failed: HTTP 503", "openai", 503);
      },
    };
    hub = await startFlowHub({ ai: broken });
    await hub.say("Where is my order? It has been two weeks now.");
    const threat = await hub.say("I will file a chargeback with my bank if this goes on.");
    expect(threat.notes).toMatchObject({ escalated: true, rule: "chargeback" });
    expect(threat.texts).toEqual([expect.stringContaining("Billing team")]);
    expect(threat.conversation.owner).toBe("human");
    expect(threat.conversation.handoff!.goal).toBe("Where is my order?");
    expect(await hub.events(threat.conversationId, "decision.failed")).toEqual([]);
  });
});
