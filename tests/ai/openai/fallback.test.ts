import { describe, expect, it } from "vitest";
import { withFallback } from "../../../src/ai/fallback.js";
import { trainIntentClassifier } from "../../../src/ai/local/classifier.js";
import { AiProviderError, type AiProvider } from "../../../src/ai/port.js";
import { manualClock } from "../../../src/core/clock.js";
import { captureLogs, fakeLocalProvider, flush, INTENTS, PASSAGES } from "./helpers.js";

/** A primary that fails (or misbehaves) as told. */
function scriptedPrimary(behaviour: () => Promise<never> | never | unknown): AiProvider & { calls: number } {
  const p = {
    id: "openai" as const,
    calls: 0,
    async classify() {
      p.calls++;
      return behaviour() as never;
    },
    async extract() {
      p.calls++;
      return behaviour() as never;
    },
    async answer() {
      p.calls++;
      return behaviour() as never;
    },
    async summarise() {
      p.calls++;
      return behaviour() as never;
    },
  };
  return p;
}

const unavailable = () => {
  throw new AiProviderError("unavailable", "classify", "OpenAI classify failed: HTTP 500", "openai", 500);
};

describe("withFallback", () => {
  it("reports the primary's id and passes good results through", async () => {
    const primary = fakeLocalProvider("openai");
    const ai = withFallback(primary, fakeLocalProvider(), captureLogs().logger);
    expect(ai.id).toBe("openai");
    expect((await ai.summarise({ messages: [], locale: "en" })).provider).toBe("openai");
  });

  it("re-checks the primary's output: an intent not offered, a citation not given, an empty goal → fallback", async () => {
    const local = fakeLocalProvider();
    const bad = scriptedPrimary(() => null);
    bad.classify = async () => ({ intent: "nope", confidence: 1, language: null, provider: "openai" });
    bad.answer = async () => ({ text: "x", citations: [{ articleId: "made-up", version: 1, passageId: "made-up#x" }], grounded: true, provider: "openai" });
    bad.summarise = async () => ({ goal: "", summary: "s", provider: "openai" });
    bad.extract = async () => ({ fields: { order_id: 42 as unknown as string }, provider: "openai" });
    const ai = withFallback(bad, local, captureLogs().logger);
    expect((await ai.classify({ text: "t", intents: INTENTS })).provider).toBe("local");
    expect((await ai.answer({ question: "q", passages: PASSAGES, locale: "en" })).provider).toBe("local");
    expect((await ai.summarise({ messages: [], locale: "en" })).provider).toBe("local");
    expect((await ai.extract({ text: "t", fields: [] })).provider).toBe("local");
    expect(local.calls).toEqual(["classify", "answer", "summarise", "extract"]);
  });

  it("an ungrounded primary answer is returned as is (the caller escalates), not replaced", async () => {
    const primary = fakeLocalProvider("openai");
    primary.answer = async () => ({ text: "", citations: [], grounded: false, provider: "openai" });
    const local = fakeLocalProvider();
    const ai = withFallback(primary, local, captureLogs().logger);
    expect(await ai.answer({ question: "q", passages: PASSAGES, locale: "en" })).toEqual({ text: "", citations: [], grounded: false, provider: "openai" });
    expect(local.calls).toEqual([]);
  });

  it("rethrows errors that are not AiProviderError (bugs are not hidden)", async () => {
    const ai = withFallback(
      scriptedPrimary(() => {
        throw new TypeError("bug");
      }),
      fakeLocalProvider(),
      captureLogs().logger,
    );
    await expect(ai.classify({ text: "t", intents: INTENTS })).rejects.toThrow(TypeError);
  });

  it("a failing fallback's error reaches the caller", async () => {
    const local = fakeLocalProvider();
    local.summarise = async () => {
      throw new AiProviderError("invalid_output", "summarise", "local failed", "local");
    };
    const ai = withFallback(scriptedPrimary(unavailable), local, captureLogs().logger);
    await expect(ai.summarise({ messages: [], locale: "en" })).rejects.toMatchObject({ kind: "invalid_output", provider: "local" });
  });

  it("circuit breaker: skips the primary after N consecutive failures, tries again after the cooldown", async () => {
    const clock = manualClock(new Date("2026-01-01T00:00:00Z"));
    let failing = true;
    const primary = scriptedPrimary(() => {
      if (failing) unavailable();
      return { goal: "g", summary: "s", provider: "openai" };
    });
    const logs = captureLogs();
    const ai = withFallback(primary, fakeLocalProvider(), logs.logger, { failureThreshold: 2, cooldownMs: 60_000, clock });
    const input = { messages: [], locale: "en" };
    await ai.summarise(input);
    await ai.summarise(input);
    expect(primary.calls).toBe(2);
    expect(ai.primarySkipped).toBe(true);
    expect((await ai.summarise(input)).provider).toBe("local");
    expect(primary.calls).toBe(2); // skipped
    clock.advance(60_001);
    failing = false;
    expect(ai.primarySkipped).toBe(false);
    expect((await ai.summarise(input)).provider).toBe("openai");
    expect(primary.calls).toBe(3);
    await flush();
    const warnings = logs
      .lines()
      .map((l) => JSON.parse(l))
      .filter((l) => l.level === "warn");
    expect(warnings).toHaveLength(2);
    expect(warnings[1].breakerOpenMs).toBe(60_000);
  });

  it("without a breaker the primary is always tried", async () => {
    const primary = scriptedPrimary(unavailable);
    const ai = withFallback(primary, fakeLocalProvider(), captureLogs().logger);
    for (let i = 0; i < 5; i++) await ai.classify({ text: "t", intents: INTENTS });
    expect(primary.calls).toBe(5);
    expect(ai.primarySkipped).toBe(false);
  });

  it("works with a fallback built on the local intent classifier", async () => {
    const classifier = trainIntentClassifier(
      INTENTS.flatMap((i) => i.examples.map((text) => ({ text, intent: i.name }))),
      { threshold: 0 },
    );
    const local: AiProvider = {
      ...fakeLocalProvider(),
      async classify(input) {
        const p = classifier.classify(input.text);
        return { intent: p.intent, confidence: p.confidence, language: null, provider: "local" };
      },
    };
    const ai = withFallback(scriptedPrimary(unavailable), local, captureLogs().logger);
    const result = await ai.classify({ text: "where is my parcel", intents: INTENTS });
    expect(result.provider).toBe("local");
    expect(result.intent).toBe("order_status");
  });
});
