import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createOpenAiProvider, DEFAULT_OPENAI_BASE_URL, openAiOptionsFromEnv, openAiSettingsSchema } from "../../../src/ai/openai/index.js";
import { silentLogger } from "../../../src/core/logger.js";
import { startOpenAiStandIn, type OpenAiStandIn } from "../../fakes/openai-server.js";
import { INTENTS, PASSAGES } from "./helpers.js";

const KEY = "sk-test-provider-0123456789";
let server: OpenAiStandIn;
beforeAll(async () => {
  server = await startOpenAiStandIn({ apiKey: KEY });
});
afterAll(() => server.close());
afterEach(() => {
  expect(server.pendingChat).toBe(0);
  server.requests.length = 0;
});

function provider(models: { chat: string; embeddings?: string } = { chat: "test-chat-model" }) {
  return createOpenAiProvider({ apiKey: KEY, baseURL: server.baseURL, models, timeoutMs: 2000, logger: silentLogger() });
}

describe("OpenAI provider (real SDK against the stand-in)", () => {
  it("classifies through a forced function call, with the configured model, base URL and key", async () => {
    server.nextChat({ kind: "tool_call", arguments: { intent: "order_status", confidence: 0.93, language: "EN" } });
    const result = await provider().classify({ text: "where is my parcel?", intents: INTENTS, locale: "en" });
    expect(result).toEqual({ intent: "order_status", confidence: 0.93, language: "en", provider: "openai" });

    const [req] = server.requestsTo("/v1/chat/completions");
    expect(req).toBeDefined();
    expect(req!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req!.body.model).toBe("test-chat-model");
    expect(req!.body.stream).toBe(false);
    expect(req!.body.tool_choice).toEqual({ type: "function", function: { name: "classify_intent" } });
    expect(req!.body.tools).toHaveLength(1);
    expect(req!.body.tools[0].function.name).toBe("classify_intent");
    expect(req!.body.tools[0].function.parameters.properties.intent.enum).toEqual(["order_status", "refund", null]);
    // Intent descriptions and examples reach the model; the message is the user turn.
    expect(req!.body.messages[0].role).toBe("system");
    expect(req!.body.messages[0].content).toContain("Where is my order");
    expect(req!.body.messages.at(-1).content).toContain("where is my parcel?");
  });

  it("accepts intent null (none fits)", async () => {
    server.nextChat({ kind: "tool_call", arguments: { intent: null, confidence: 0.8, language: null } });
    expect(await provider().classify({ text: "hello", intents: INTENTS })).toEqual({ intent: null, confidence: 0.8, language: null, provider: "openai" });
  });

  it("a language that is not a tag becomes null; a quoted confidence is accepted", async () => {
    server.nextChat({ kind: "tool_call", arguments: { intent: "refund", confidence: "0.75", language: "English" } });
    expect(await provider().classify({ text: "money back", intents: INTENTS })).toEqual({
      intent: "refund",
      confidence: 0.75,
      language: null,
      provider: "openai",
    });
  });

  it("accepts JSON in content from servers that ignore tool_choice", async () => {
    server.nextChat({ kind: "content", content: '```json\n{"intent":"refund","confidence":0.7,"language":"de"}\n```' });
    expect((await provider().classify({ text: "Geld zurück bitte", intents: INTENTS })).intent).toBe("refund");
  });

  it("extracts fields and drops values that fail validation or are not in the text", async () => {
    server.nextChat({
      kind: "tool_call",
      arguments: { order_id: "AB-12345", email: "jane@example.com", phone: "+49 151 0000", region: "eu", note: null },
    });
    const result = await provider().extract({
      text: "Order ab-12345, write to jane@example.com",
      fields: [
        { name: "order_id", description: "Order number", kind: "order_id", pattern: "[A-Z]{2}-\\d{5}" },
        { name: "email", description: "E-mail", kind: "email" },
        { name: "phone", description: "Phone", kind: "phone" },
        { name: "region", description: "Region", kind: "region", options: ["EU", "US"] },
        { name: "note", description: "Anything else", kind: "text" },
      ],
    });
    // phone is not in the message (hallucinated) → dropped; region mapped to the configured spelling.
    expect(result).toEqual({ fields: { order_id: "AB-12345", email: "jane@example.com", region: "EU" }, provider: "openai" });
    const [req] = server.requestsTo("/v1/chat/completions");
    expect(req!.body.tool_choice.function.name).toBe("extract_fields");
    expect(Object.keys(req!.body.tools[0].function.parameters.properties)).toEqual(["order_id", "email", "phone", "region", "note"]);
    expect(req!.body.tools[0].function.parameters.properties.region.enum).toEqual(["EU", "US", null]);
  });

  it("answers from numbered passages and maps passage numbers back to citations", async () => {
    server.nextChat({ kind: "tool_call", arguments: { answer: "Your order arrives in 3-5 working days [1].", citations: [1, "[1]"], grounded: true } });
    const result = await provider().answer({ question: "when will it arrive?", passages: PASSAGES, locale: "en" });
    expect(result).toEqual({
      text: "Your order arrives in 3-5 working days.",
      citations: [PASSAGES[0]!.citation],
      grounded: true,
      provider: "openai",
    });
    const [req] = server.requestsTo("/v1/chat/completions");
    expect(req!.body.tool_choice.function.name).toBe("answer_from_passages");
    expect(req!.body.messages[0].content).toContain("[1] Delivery times");
    expect(req!.body.messages[0].content).toContain("[2] Refunds");
    expect(req!.body.messages[0].content).toContain("ONLY");
  });

  it("an answer citing nothing is ungrounded (the caller escalates)", async () => {
    server.nextChat({ kind: "tool_call", arguments: { answer: "Probably tomorrow!", citations: [], grounded: true } });
    expect(await provider().answer({ question: "when?", passages: PASSAGES, locale: "en" })).toEqual({
      text: "",
      citations: [],
      grounded: false,
      provider: "openai",
    });
  });

  it("an answer the model marks ungrounded stays ungrounded", async () => {
    server.nextChat({ kind: "tool_call", arguments: { answer: "", citations: [], grounded: false } });
    expect((await provider().answer({ question: "do you sell cars?", passages: PASSAGES, locale: "en" })).grounded).toBe(false);
  });

  it("answers without a call when there are no passages", async () => {
    expect((await provider().answer({ question: "anything", passages: [], locale: "en" })).grounded).toBe(false);
    expect(server.requests).toHaveLength(0);
  });

  it("summarises into a goal and a summary", async () => {
    server.nextChat({
      kind: "tool_call",
      arguments: { goal: " Get a refund for order 123. ", summary: "Customer returned the item; AI explained refund times." },
    });
    const result = await provider().summarise({
      messages: [
        { author: "customer", text: "I want my refund for 123" },
        { author: "ai", text: "Refunds take 14 days." },
      ],
      locale: "en",
    });
    expect(result).toEqual({ goal: "Get a refund for order 123.", summary: "Customer returned the item; AI explained refund times.", provider: "openai" });
    const [req] = server.requestsTo("/v1/chat/completions");
    expect(req!.body.tool_choice.function.name).toBe("summarise_conversation");
    expect(req!.body.messages[1].content).toContain("customer: I want my refund for 123");
  });

  it("sends a temperature only when one is configured", async () => {
    server.nextChat(
      { kind: "tool_call", arguments: { intent: null, confidence: 0.5, language: null } },
      { kind: "tool_call", arguments: { intent: null, confidence: 0.5, language: null } },
    );
    await provider().classify({ text: "x", intents: INTENTS });
    await createOpenAiProvider({
      apiKey: KEY,
      baseURL: server.baseURL,
      models: { chat: "m" },
      timeoutMs: 2000,
      temperature: 0,
      logger: silentLogger(),
    }).classify({ text: "x", intents: INTENTS });
    const [a, b] = server.requestsTo("/v1/chat/completions");
    expect(a!.body).not.toHaveProperty("temperature");
    expect(b!.body.temperature).toBe(0);
  });

  it("never takes the base URL from the environment itself (the composition root does)", () => {
    vi.stubEnv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1");
    try {
      const p = createOpenAiProvider({ apiKey: KEY, models: { chat: "m" }, timeoutMs: 1000, logger: silentLogger() });
      expect(p.baseURL).toBe(DEFAULT_OPENAI_BASE_URL);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("has embed only when an embedding model is configured", () => {
    expect(provider().embed).toBeUndefined();
    expect(provider({ chat: "c", embeddings: "e" }).embed).toBeTypeOf("function");
  });
});

describe("openAiOptionsFromEnv", () => {
  const settings = openAiSettingsSchema.parse({ chat_model: "llama3.1", embedding_model: "nomic-embed-text", timeout_ms: 5000 });

  it("is null without OPENAI_API_KEY", () => {
    expect(openAiOptionsFromEnv({}, settings, silentLogger())).toBeNull();
    expect(openAiOptionsFromEnv({ OPENAI_API_KEY: "  " }, settings, silentLogger())).toBeNull();
  });

  it("takes the key, base URL and model names", () => {
    const o = openAiOptionsFromEnv({ OPENAI_API_KEY: "k", OPENAI_BASE_URL: "http://127.0.0.1:11434/v1" }, settings, silentLogger());
    expect(o).toMatchObject({
      apiKey: "k",
      baseURL: "http://127.0.0.1:11434/v1",
      models: { chat: "llama3.1", embeddings: "nomic-embed-text" },
      timeoutMs: 5000,
    });
  });

  it("the options drive a provider that talks to that base URL", async () => {
    const o = openAiOptionsFromEnv({ OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.baseURL }, settings, silentLogger())!;
    server.nextChat({ kind: "tool_call", arguments: { intent: "refund", confidence: 1, language: "en" } });
    expect((await createOpenAiProvider(o).classify({ text: "money back", intents: INTENTS })).intent).toBe("refund");
    expect(server.requests[0]!.body.model).toBe("llama3.1");
  });
});
