import { createLocalProvider, type LocalProvider } from "../../../src/ai/local/provider.js";
import type { AiProvider } from "../../../src/ai/port.js";
import { MODULES } from "../../../src/app/modules.js";
import { loadConfigText } from "../../../src/core/config/load.js";
import type { ThreadlineConfig } from "../../../src/core/config/schema.js";
import { alwaysOpenConfig } from "../../helpers/hub.js";

/** The shipped config as the test hub runs it (no business hours). */
export function shippedConfig(yaml = alwaysOpenConfig()): ThreadlineConfig {
  return loadConfigText(yaml, "threadline.yaml", {}, MODULES).config;
}

/** The local provider exactly as the hub builds it from config (src/app/ai.ts). */
export function localProviderFor(config: ThreadlineConfig): LocalProvider {
  return createLocalProvider({
    intents: config.intents.map((i) => ({ name: i.name, description: i.description, examples: i.examples })),
    threshold: config.ai.intent_threshold,
    answerMinCoverage: config.ai.answer_min_coverage,
    outOfScope: config.ai.out_of_scope,
  });
}

/**
 * A provider that is always sure the message is about `intent` (like an LLM
 * that misreads a threat as a routine question). Answers with the first
 * passage it is given. Records every call.
 */
export function overconfidentProvider(intent: string): AiProvider & { calls: string[] } {
  const calls: string[] = [];
  return {
    id: "openai",
    calls,
    async classify() {
      calls.push("classify");
      return { intent, confidence: 0.99, language: "en", provider: "openai" };
    },
    async extract() {
      calls.push("extract");
      return { fields: {}, provider: "openai" };
    },
    async answer(input) {
      calls.push("answer");
      const first = input.passages[0];
      return first
        ? { text: first.text, citations: [first.citation], grounded: true, provider: "openai" }
        : { text: "", citations: [], grounded: false, provider: "openai" };
    },
    async summarise() {
      calls.push("summarise");
      return { goal: "Summarised goal.", summary: "Summary.", provider: "openai" };
    },
  };
}
