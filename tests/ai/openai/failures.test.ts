import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { withFallback } from "../../../src/ai/fallback.js";
import { createOpenAiProvider } from "../../../src/ai/openai/index.js";
import { AiProviderError, type AiProviderErrorKind } from "../../../src/ai/port.js";
import { startOpenAiStandIn, type ChatScript, type OpenAiStandIn } from "../../fakes/openai-server.js";
import { captureLogs, fakeLocalProvider, flush, INTENTS, PASSAGES } from "./helpers.js";

const KEY = "sk-secret-failures-9f8e7d6c5b4a";
const TIMEOUT_MS = 300;
let server: OpenAiStandIn;
beforeAll(async () => {
  server = await startOpenAiStandIn({ apiKey: KEY });
});
afterAll(() => server.close());
afterEach(() => {
  expect(server.pendingChat).toBe(0);
  server.requests.length = 0;
});

function setup(apiKey = KEY) {
  const logs = captureLogs();
  const openai = createOpenAiProvider({ apiKey, baseURL: server.baseURL, models: { chat: "m", embeddings: "e" }, timeoutMs: TIMEOUT_MS, logger: logs.logger });
  const local = fakeLocalProvider();
  return { logs, openai, local, ai: withFallback(openai, local, logs.logger) };
}

async function expectKind(p: Promise<unknown>, kind: AiProviderErrorKind): Promise<AiProviderError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AiProviderError);
  expect((e as AiProviderError).kind).toBe(kind);
  return e as AiProviderError;
}

const classifyInput = { text: "where is my parcel? my mail is jane@example.com", intents: INTENTS };

describe("OpenAI provider failures are typed", () => {
  const cases: [string, ChatScript, AiProviderErrorKind][] = [
    ["malformed tool-call JSON", { kind: "malformed_tool_call" }, "invalid_output"],
    ["an intent that was not offered", { kind: "tool_call", arguments: { intent: "cancel_everything", confidence: 0.9, language: "en" } }, "invalid_output"],
    ["a confidence outside 0..1", { kind: "tool_call", arguments: { intent: "refund", confidence: 7, language: "en" } }, "invalid_output"],
    ["arguments that are not an object", { kind: "tool_call", arguments: "[1,2,3]" }, "invalid_output"],
    ["a different tool", { kind: "tool_call", name: "delete_account", arguments: { intent: "refund", confidence: 1, language: null } }, "invalid_output"],
    ["prose instead of a tool call", { kind: "content", content: "I think it is order_status." }, "invalid_output"],
    ["a body that is not a completion", { kind: "raw", body: '{"hello":"world"}' }, "invalid_output"],
    ["a JSON null body", { kind: "raw", body: "null" }, "invalid_output"],
    ["a 200 body that is not JSON", { kind: "raw", body: "<html>gateway</html>" }, "invalid_output"],
    [
      "tool_calls of the wrong type",
      { kind: "raw", body: '{"choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":"nope"}}]}' },
      "invalid_output",
    ],
    ["HTTP 500", { kind: "error", status: 500 }, "unavailable"],
    ["HTTP 429", { kind: "error", status: 429, code: "rate_limit_exceeded" }, "unavailable"],
    ["a reply slower than the timeout", { kind: "delay", ms: TIMEOUT_MS + 700 }, "timeout"],
    ["a body that stalls after the headers", { kind: "stall_body" }, "timeout"],
  ];
  for (const [name, script, kind] of cases) {
    it(`${name} → ${kind}`, async () => {
      const { openai } = setup();
      server.nextChat(script);
      const e = await expectKind(openai.classify(classifyInput), kind);
      expect(e.operation).toBe("classify");
      expect(server.requestsTo("/v1/chat/completions")).toHaveLength(1); // no retries
    });
  }

  it("status is kept on HTTP errors, the upstream message is not", async () => {
    const { openai } = setup();
    server.nextChat({ kind: "error", status: 503, message: "upstream echo: jane@example.com" });
    const e = await expectKind(openai.summarise({ messages: [{ author: "customer", text: "hi" }], locale: "en" }), "unavailable");
    expect(e.status).toBe(503);
    expect(e.message).not.toContain("jane");
  });

  it("an answer citing a passage number that was not provided is invalid_output", async () => {
    const { openai } = setup();
    server.nextChat({ kind: "tool_call", arguments: { answer: "Delivery is free.", citations: [1, 3], grounded: true } });
    const e = await expectKind(openai.answer({ question: "shipping cost?", passages: PASSAGES, locale: "en" }), "invalid_output");
    expect(e.message).toContain("passage 3");
    expect(e.message).not.toContain("Delivery is free");
  });

  it("citation numbers that are not integers are invalid_output", async () => {
    const { openai } = setup();
    server.nextChat({ kind: "tool_call", arguments: { answer: "x", citations: ["shipping#delivery-times"], grounded: true } });
    await expectKind(openai.answer({ question: "q", passages: PASSAGES, locale: "en" }), "invalid_output");
  });

  it("an empty goal is invalid_output", async () => {
    const { openai } = setup();
    server.nextChat({ kind: "tool_call", arguments: { goal: "  ", summary: "s" } });
    await expectKind(openai.summarise({ messages: [{ author: "customer", text: "hi" }], locale: "en" }), "invalid_output");
  });

  it("extraction arguments of the wrong shape are invalid_output", async () => {
    const { openai } = setup();
    server.nextChat({ kind: "tool_call", arguments: { order_id: 12345 } });
    await expectKind(openai.extract({ text: "order 12345", fields: [{ name: "order_id", description: "o", kind: "order_id" }] }), "invalid_output");
  });

  it("a wrong API key is unavailable (401)", async () => {
    const { openai } = setup("sk-wrong-key-abcdef");
    const e = await expectKind(openai.classify(classifyInput), "unavailable");
    expect(e.status).toBe(401);
  });

  it("a server that is not there is unavailable", async () => {
    const logs = captureLogs();
    const dead = createOpenAiProvider({ apiKey: KEY, baseURL: "http://127.0.0.1:1/v1", models: { chat: "m" }, timeoutMs: TIMEOUT_MS, logger: logs.logger });
    await expectKind(dead.classify(classifyInput), "unavailable");
  });
});

describe("fall-back to the local provider", () => {
  it("malformed tool-call JSON → the local provider classifies", async () => {
    const { ai, local } = setup();
    server.nextChat({ kind: "malformed_tool_call" });
    expect(await ai.classify(classifyInput)).toEqual({ intent: "order_status", confidence: 0.42, language: null, provider: "local" });
    expect(local.calls).toEqual(["classify"]);
  });

  it("unknown intent (schema-invalid arguments) → local", async () => {
    const { ai } = setup();
    server.nextChat({ kind: "tool_call", arguments: { intent: "world_domination", confidence: 0.99, language: "en" } });
    expect((await ai.classify(classifyInput)).provider).toBe("local");
  });

  it("500 → local extraction", async () => {
    const { ai } = setup();
    server.nextChat({ kind: "error", status: 500 });
    expect(await ai.extract({ text: "order LOCAL-1", fields: [{ name: "order_id", description: "o", kind: "order_id" }] })).toEqual({
      fields: { order_id: "LOCAL-1" },
      provider: "local",
    });
  });

  it("429 → local summary", async () => {
    const { ai } = setup();
    server.nextChat({ kind: "error", status: 429 });
    expect((await ai.summarise({ messages: [{ author: "customer", text: "help" }], locale: "en" })).provider).toBe("local");
  });

  it("timeout → local answer, within about the timeout", async () => {
    const { ai } = setup();
    server.nextChat({ kind: "delay", ms: 3000 });
    const started = Date.now();
    const result = await ai.answer({ question: "when will it arrive?", passages: PASSAGES, locale: "en" });
    expect(result).toMatchObject({ grounded: true, provider: "local", citations: [PASSAGES[0]!.citation] });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("hallucinated citation → local answer", async () => {
    const { ai } = setup();
    server.nextChat({ kind: "tool_call", arguments: { answer: "Free shipping!", citations: [9], grounded: true } });
    expect((await ai.answer({ question: "cost?", passages: PASSAGES, locale: "en" })).provider).toBe("local");
  });

  it("a good primary answer is returned as the primary's", async () => {
    const { ai, local } = setup();
    server.nextChat({ kind: "tool_call", arguments: { answer: "Refunds take 14 days.", citations: [2], grounded: true } });
    expect(await ai.answer({ question: "refund?", passages: PASSAGES, locale: "en" })).toEqual({
      text: "Refunds take 14 days.",
      citations: [PASSAGES[1]!.citation],
      grounded: true,
      provider: "openai",
    });
    expect(local.calls).toEqual([]);
  });

  it("logs the fall-back with kind and status, never the prompt, the output or the API key", async () => {
    const { ai, logs } = setup();
    server.nextChat(
      { kind: "error", status: 500, message: `echo ${KEY} jane@example.com` },
      { kind: "malformed_tool_call", raw: '{"answer": "secret output jane@example.com' },
      { kind: "tool_call", arguments: { goal: "Refund for jane@example.com.", summary: "Wants money back." } },
    );
    await ai.classify(classifyInput);
    await ai.answer({ question: "where is my parcel, jane@example.com?", passages: PASSAGES, locale: "en" });
    await ai.summarise({ messages: [{ author: "customer", text: "refund to jane@example.com please" }], locale: "en" });
    // A wrong key too: the real API echoes a masked key in its 401 message.
    const wrong = setup("sk-wrong-key-should-not-leak-1234");
    await wrong.ai.classify(classifyInput);
    await flush();

    const lines = [...logs.lines(), ...wrong.logs.lines()];
    const warnings = lines.map((l) => JSON.parse(l)).filter((l) => l.level === "warn");
    expect(warnings).toHaveLength(3);
    expect(warnings[0].ai).toMatchObject({ operation: "classify", primary: "openai", fallback: "local", kind: "unavailable", status: 500 });
    expect(warnings[1].ai).toMatchObject({ operation: "answer", kind: "invalid_output" });
    expect(warnings[2].ai).toMatchObject({ operation: "classify", kind: "unavailable", status: 401 });
    // Successful calls are logged at debug with the model and no content.
    expect(lines.some((l) => l.includes('"operation":"summarise"') && l.includes('"model":"m"'))).toBe(true);

    const all = lines.join("\n");
    for (const secret of [KEY, "sk-wrong-key-should-not-leak-1234", "sk-", "****", "jane", "parcel", "secret output", "Refund for", "Delivery times"]) {
      expect(all).not.toContain(secret);
    }
  });
});
