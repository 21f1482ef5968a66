import type { AiProvider, AiProviderId } from "../../../src/ai/port.js";

export { captureLogs, flushLogs as flush } from "../../helpers/log-capture.js";

/** A tiny AiProvider standing in for the local provider (passed in, never mocked). */
export function fakeLocalProvider(id: AiProviderId = "local"): AiProvider & { calls: string[] } {
  const calls: string[] = [];
  return {
    id,
    calls,
    async classify(input) {
      calls.push("classify");
      return { intent: input.intents[0]?.name ?? null, confidence: 0.42, language: null, provider: id };
    },
    async extract() {
      calls.push("extract");
      return { fields: { order_id: "LOCAL-1" }, provider: id };
    },
    async answer(input) {
      calls.push("answer");
      const first = input.passages[0];
      return first
        ? { text: first.text, citations: [first.citation], grounded: true, provider: id }
        : { text: "", citations: [], grounded: false, provider: id };
    },
    async summarise() {
      calls.push("summarise");
      return { goal: "Local goal.", summary: "Local summary.", provider: id };
    },
  };
}

export const INTENTS = [
  { name: "order_status", description: "Where is my order, delivery status", examples: ["where is my parcel", "has my order shipped"] },
  { name: "refund", description: "Money back for a return", examples: ["I want my money back"] },
];

export const PASSAGES = [
  {
    citation: { articleId: "shipping", version: 3, passageId: "shipping#delivery-times" },
    title: "Delivery times",
    text: "Orders arrive within 3-5 working days.",
  },
  {
    citation: { articleId: "returns", version: 1, passageId: "returns#refunds" },
    title: "Refunds",
    text: "Refunds are paid within 14 days of receiving the return.",
  },
];
