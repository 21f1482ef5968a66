import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withFallback } from "../../../src/ai/fallback.js";
import { createLocalProvider, type LocalProvider } from "../../../src/ai/local/index.js";
import { createOpenAiProvider } from "../../../src/ai/openai/index.js";
import { enforceGrounding, type FieldSpec, type IntentSpec } from "../../../src/ai/port.js";
import { silentLogger } from "../../../src/core/logger.js";
import { startOpenAiStandIn, type OpenAiStandIn } from "../../fakes/openai-server.js";
import { captureLogs, flush } from "../openai/helpers.js";
import { DEMO_INTENTS, HELD_OUT, OUT_OF_SCOPE, PASSAGES } from "./fixture.js";

let local: LocalProvider;
beforeAll(() => {
  local = createLocalProvider({ intents: DEMO_INTENTS, now: () => new Date("2026-03-18T10:00:00Z"), fieldDefaults: { defaultCallingCode: "49" } });
});

describe("local provider: classify", () => {
  it("classifies held-out phrasings of the demo intents (≥ 14 of 16)", async () => {
    const results = await Promise.all(HELD_OUT.map(([text]) => local.classify({ text, intents: DEMO_INTENTS })));
    const right = results.filter((r, i) => r.intent === HELD_OUT[i]![1]).length;
    expect(right).toBeGreaterThanOrEqual(14);
    for (const r of results) {
      expect(r.provider).toBe("local");
      expect(r.confidence).toBeGreaterThanOrEqual(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
    }
  });

  it("rejects out-of-scope text (intent null, low confidence)", async () => {
    for (const text of OUT_OF_SCOPE) {
      const r = await local.classify({ text, intents: DEMO_INTENTS });
      expect(r.intent, text).toBeNull();
      expect(r.confidence, text).toBeLessThan(0.5);
    }
  });

  it("reports the detected language", async () => {
    expect((await local.classify({ text: "wo ist meine Bestellung", intents: DEMO_INTENTS })).language).toBe("de");
    expect((await local.classify({ text: "where is my order", intents: DEMO_INTENTS })).language).toBe("en");
    expect((await local.classify({ text: "ok", intents: DEMO_INTENTS })).language).toBeNull();
  });

  it("the threshold decides between an intent and null", async () => {
    const strict = createLocalProvider({ intents: DEMO_INTENTS, threshold: 0.9 });
    const lax = createLocalProvider({ intents: DEMO_INTENTS, threshold: 0 });
    const text = "what is the capital of France";
    const strictResult = await strict.classify({ text, intents: DEMO_INTENTS });
    expect(strictResult.intent).toBeNull();
    expect(strictResult.confidence).toBeLessThan(0.9);
    expect((await lax.classify({ text, intents: DEMO_INTENTS })).intent).not.toBeNull();
  });

  it("never returns an intent that was not offered: another intent set gets its own model", async () => {
    const offered = DEMO_INTENTS.filter((i) => i.name === "refund" || i.name === "payment");
    for (const text of ["where is my order", "has my order shipped yet", "I want a refund", "my card was declined"]) {
      const r = await local.classify({ text, intents: offered });
      expect([null, "refund", "payment"], text).toContain(r.intent);
    }
    expect((await local.classify({ text: "I want a refund", intents: offered })).intent).toBe("refund");
    // An equal set in a new array (other order) is recognised by content.
    const copy: IntentSpec[] = JSON.parse(JSON.stringify([...DEMO_INTENTS].reverse()));
    expect((await local.classify({ text: "where is my order", intents: copy })).intent).toBe("order_status");
  });

  it("intents without examples are still classes (their names are examples); no intents → null", async () => {
    const p = createLocalProvider({ intents: [] });
    expect(await p.classify({ text: "hello", intents: [] })).toMatchObject({ intent: null, confidence: 0, provider: "local" });
    const named: IntentSpec[] = [
      { name: "gift_cards", description: "", examples: [] },
      { name: "order_status", description: "", examples: ["where is my order", "track my parcel"] },
    ];
    expect([null, "gift_cards"]).toContain((await p.classify({ text: "gift cards", intents: named })).intent);
    expect((await p.classify({ text: "gift cards", intents: named })).intent).not.toBe("order_status");
  });

  it("is deterministic for a seed", async () => {
    const a = createLocalProvider({ intents: DEMO_INTENTS, seed: 7 });
    const b = createLocalProvider({ intents: DEMO_INTENTS, seed: 7 });
    for (const [text] of HELD_OUT.slice(0, 4)) {
      expect(await a.classify({ text, intents: DEMO_INTENTS })).toEqual(await b.classify({ text, intents: DEMO_INTENTS }));
    }
  });
});

describe("local provider: extract, answer, summarise", () => {
  const fields: FieldSpec[] = [
    { name: "order_id", description: "order number", kind: "order_id" },
    { name: "phone", description: "phone", kind: "phone" },
    { name: "delivery_date", description: "when it should have arrived", kind: "date" },
    { name: "details", description: "what is wrong", kind: "text" },
  ];

  it("extracts pattern fields from running text, the expected text field from a reply", async () => {
    expect(await local.extract({ text: "Order #123456 was due yesterday, call 0151 23456789", fields })).toEqual({
      fields: { order_id: "123456", delivery_date: "2026-03-17", phone: "+4915123456789" },
      provider: "local",
    });
    expect(await local.extract({ text: "the sleeve is torn", fields, expecting: "details" })).toEqual({
      fields: { details: "the sleeve is torn" },
      provider: "local",
    });
    expect(await local.extract({ text: "the sleeve is torn", fields })).toEqual({ fields: {}, provider: "local" });
    expect((await local.extract({ text: "on 12/03/2026", fields, locale: "en-US" })).fields.delivery_date).toBe("2026-12-03");
  });

  it("answers from the passages with citations that pass enforceGrounding", async () => {
    const a = await local.answer({ question: "when is my refund paid?", passages: PASSAGES, locale: "en" });
    expect(a.grounded).toBe(true);
    expect(enforceGrounding(a, PASSAGES)).toEqual(a);
    const no = await local.answer({ question: "do you sell bicycles?", passages: PASSAGES, locale: "en" });
    expect(no).toEqual({ text: "", citations: [], grounded: false, provider: "local" });
  });

  it("summarises with the trained classifier naming the goal's intent", async () => {
    const s = await local.summarise({
      locale: "en",
      messages: [
        { author: "customer", text: "Hello" },
        { author: "customer", text: "my payment was declined at checkout" },
      ],
    });
    expect(s.goal).toBe('Customer wants help with payment: "my payment was declined at checkout"');
    expect(s.provider).toBe("local");
  });
});

describe("withFallback(OpenAI failing, local)", () => {
  const KEY = "sk-test-local-fallback-0123456789";
  let server: OpenAiStandIn;
  beforeAll(async () => {
    server = await startOpenAiStandIn({ apiKey: KEY });
  });
  afterAll(() => server.close());

  it("the local provider answers every operation when the API fails, and nothing of the prompt is logged", async () => {
    const openai = createOpenAiProvider({ apiKey: KEY, baseURL: server.baseURL, models: { chat: "m" }, timeoutMs: 2000, logger: silentLogger() });
    const logs = captureLogs();
    const ai = withFallback(openai, local, logs.logger);
    server.nextChat({ kind: "error", status: 500 }, { kind: "error", status: 503 }, { kind: "error", status: 429 }, { kind: "error", status: 500 });
    const c = await ai.classify({ text: "my parcel still hasn't arrived", intents: DEMO_INTENTS });
    expect(c).toMatchObject({ intent: "order_status", provider: "local", language: "en" });
    const e = await ai.extract({ text: "it's order NW-204466", fields: [{ name: "order_id", description: "", kind: "order_id" }] });
    expect(e).toEqual({ fields: { order_id: "NW-204466" }, provider: "local" });
    const a = await ai.answer({ question: "can I pay with PayPal?", passages: PASSAGES, locale: "en" });
    expect(a).toMatchObject({ grounded: true, provider: "local", citations: [PASSAGES[2]!.citation] });
    const s = await ai.summarise({ locale: "en", messages: [{ author: "customer", text: "I want to cancel my order please" }] });
    expect(s.provider).toBe("local");
    expect(server.requestsTo("/v1/chat/completions")).toHaveLength(4);

    await flush();
    const text = logs.text();
    expect(logs.records().filter((r) => r.level === "warn")).toHaveLength(4);
    for (const secret of ["parcel", "NW-204466", "PayPal", "cancel my order", KEY]) expect(text).not.toContain(secret);
  });
});
