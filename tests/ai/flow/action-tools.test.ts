import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { withFallback } from "../../../src/ai/fallback.js";
import { createOpenAiProvider } from "../../../src/ai/openai/index.js";
import type { AiProvider } from "../../../src/ai/port.js";
import { silentLogger } from "../../../src/core/logger.js";
import { alwaysOpenConfig } from "../../helpers/hub.js";
import { startOpenAiStandIn, type OpenAiStandIn } from "../../fakes/openai-server.js";
import { localProviderFor, shippedConfig } from "./fake-providers.js";
import { startFlowHub, type FlowHub } from "./flow-hub.js";

/**
 * Actions as function tools with the OpenAI provider (issue 12): the model
 * (the OpenAI stand-in, driven by the real SDK) chooses which of an intent's
 * actions runs and may fill its arguments; the runner then calls the demo
 * shop with the same ownership guard and confirmation as without a model.
 * Classification, extraction and answers come from the local provider so
 * that only the choice is scripted.
 */
let server: OpenAiStandIn;
let hub: FlowHub | null = null;
beforeAll(async () => {
  server = await startOpenAiStandIn({ apiKey: "sk-tools" });
});
afterAll(() => server.close());
afterEach(async () => {
  await hub?.stop();
  hub = null;
  server.requests.length = 0;
});

/** The shipped config, with the order-status intent also able to cancel, cancelling listed FIRST: in config order it would offer a cancellation. */
const CANCEL_FIRST = alwaysOpenConfig().replace(
  "actions: [lookup_order]      # looked up in the shop once the order number is known",
  "actions: [cancel_order, lookup_order]",
);

function choosingProvider(yaml?: string): AiProvider {
  const local = localProviderFor(shippedConfig(yaml));
  const openai = createOpenAiProvider({ apiKey: "sk-tools", baseURL: server.baseURL, models: { chat: "gpt-test" }, timeoutMs: 2000, logger: silentLogger() });
  // Only the choice goes to the model; the hub wraps it in the same fall-back as in production.
  const mixed: AiProvider = { ...local, id: "openai", chooseAction: (input) => openai.chooseAction!(input) };
  return withFallback(mixed, local, silentLogger());
}

const paths = async (conversationId: string) => (await hub!.events(conversationId, "action.called")).map((e) => `${e.data.method} ${e.data.path}`);

describe("actions offered to the model as tools", () => {
  it("the model's choice decides which action runs; the answer to the ownership question continues it without asking again", async () => {
    // Without a model, config order: the cancellation is offered for a status question.
    hub = await startFlowHub({ configYaml: CANCEL_FIRST });
    await hub.say("Where is my order NW-10023?", "local");
    const local = await hub.say("anna.schmidt@example.com", "local");
    expect(local.texts.join(" ")).toContain("Shall I cancel order NW-10023?");
    await hub.stop();

    hub = await startFlowHub({ configYaml: CANCEL_FIRST, ai: choosingProvider(CANCEL_FIRST) });
    server.nextChat({ kind: "tool_call", name: "lookup_order", arguments: { order_id: "NW-10023" } });
    const first = await hub.say("Where is my order NW-10023?", "tools");
    expect(first.texts.join(" ")).toContain("check that it's yours");
    const request = server.requestsTo("/v1/chat/completions")[0]!.body as {
      tools: { function: { name: string; description: string } }[];
      tool_choice: unknown;
    };
    expect(request.tool_choice).toBe("required");
    expect(request.tools.map((t) => t.function.name)).toEqual(["cancel_order", "lookup_order", "no_lookup_needed"]);
    expect(request.tools[0]!.function.description).toMatch(/changes data: the customer is asked to confirm/);
    const second = await hub.say("anna.schmidt@example.com", "tools");
    expect(second.texts.join(" ")).toContain("Your order NW-10023 is on its way with DHL");
    expect(second.texts.join(" ")).not.toContain("cancel");
    // One model call for the request; the e-mail continued it.
    expect(server.requestsTo("/v1/chat/completions")).toHaveLength(1);
    expect(await paths(second.conversationId)).toEqual(["GET /demo-shop/api/orders/NW-10023", "GET /demo-shop/api/orders/NW-10023"]);
    expect(second.notes).toMatchObject({ provider: "openai" });
  });

  it("a write the model chooses still needs proof of ownership and the customer's yes", async () => {
    hub = await startFlowHub({ configYaml: CANCEL_FIRST, ai: choosingProvider(CANCEL_FIRST) });
    server.nextChat({ kind: "tool_call", name: "cancel_order", arguments: { order_id: "NW-10027" } });
    const first = await hub.say("Where is my order NW-10027? I'd rather cancel it.", "emma");
    expect(first.texts.join(" ")).toContain("check that it's yours");
    const asked = await hub.say("emma.jansen@example.com", "emma");
    expect(asked.texts.join(" ")).toContain("Shall I cancel order NW-10027?");
    expect((await paths(asked.conversationId)).filter((p) => p.startsWith("POST"))).toEqual([]);
    const yes = await hub.say("yes", "emma");
    expect(yes.texts.join(" ")).toContain("order NW-10027 is cancelled");
    expect((await paths(yes.conversationId)).filter((p) => p.startsWith("POST"))).toEqual(["POST /demo-shop/api/orders/NW-10027/cancel"]);
    expect(server.requestsTo("/v1/chat/completions")).toHaveLength(1);
  });

  it("an argument the model invents is dropped: only values the customer wrote (or the conversation holds) are looked up", async () => {
    hub = await startFlowHub({ ai: choosingProvider() });
    server.nextChat({ kind: "tool_call", name: "lookup_order", arguments: { order_id: "NW-10023" } });
    const turn = await hub.say("Where is my order NW-10024?", "mallory");
    expect(await paths(turn.conversationId)).toEqual(["GET /demo-shop/api/orders/NW-10024"]);
  });

  it("the provider validates each argument: in the message or already known, matching the field's pattern", async () => {
    const openai = createOpenAiProvider({ apiKey: "sk-tools", baseURL: server.baseURL, models: { chat: "gpt-test" }, timeoutMs: 2000, logger: silentLogger() });
    const actions = [
      {
        name: "lookup_order",
        description: "Look the order up",
        needs: [{ name: "order_id", kind: "order_id" as const, description: "order number", pattern: "NW-?\\d{5}" }],
        writes: false,
      },
    ];
    server.nextChat(
      { kind: "tool_call", name: "lookup_order", arguments: { order_id: "NW-10023" } },
      { kind: "tool_call", name: "lookup_order", arguments: { order_id: "NW-10023" } },
      { kind: "tool_call", name: "lookup_order", arguments: { order_id: "12345" } },
    );
    const invented = await openai.chooseAction!({ text: "where is my parcel?", actions, known: {} });
    expect(invented).toEqual({ action: "lookup_order", arguments: {}, provider: "openai" });
    const known = await openai.chooseAction!({ text: "where is it?", actions, known: { order_id: "NW-10023" } });
    expect(known.arguments).toEqual({ order_id: "NW-10023" });
    const badPattern = await openai.chooseAction!({ text: "order 12345 please", actions, known: {} });
    expect(badPattern.arguments).toEqual({});
    // The model is told the known values and that it must not invent any.
    const system = (server.requestsTo("/v1/chat/completions")[1]!.body as { messages: { content: string }[] }).messages[0]!.content;
    expect(system).toContain('order_id = "NW-10023"');
    expect(system).toMatch(/never invent/);
  });

  it("'no lookup needed' skips the systems; a failing model falls back to config order", async () => {
    hub = await startFlowHub({ ai: choosingProvider() });
    server.nextChat({ kind: "tool_call", name: "no_lookup_needed", arguments: {} });
    const none = await hub.say("Where is my order NW-10023?", "a");
    expect(await paths(none.conversationId)).toEqual([]);
    expect(none.notes).toMatchObject({ action_choice: "none" });

    server.nextChat({ kind: "error", status: 500 });
    const failed = await hub.say("Where is my order NW-10023?", "b");
    expect(failed.texts.join(" ")).toContain("check that it's yours");
    expect(await paths(failed.conversationId)).toEqual(["GET /demo-shop/api/orders/NW-10023"]);

    // A tool that was not offered is invalid output: config order again.
    server.nextChat({ kind: "tool_call", name: "delete_everything", arguments: {} });
    const rogue = await hub.say("Where is my order NW-10023?", "c");
    expect(await paths(rogue.conversationId)).toEqual(["GET /demo-shop/api/orders/NW-10023"]);
  });
});
