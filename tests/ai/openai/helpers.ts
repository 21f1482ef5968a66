import { Writable } from "node:stream";
import { createLogger, type Logger } from "../../../src/core/logger.js";
import type { AiProvider, AiProviderId } from "../../../src/ai/port.js";

/** A real (redacting) logger writing into memory, so tests can read every line. */
export function captureLogs(level = "debug"): { logger: Logger; lines: () => string[]; text: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level, destination });
  const lines = () => chunks.join("").split("\n").filter(Boolean);
  return { logger, lines, text: () => chunks.join("") };
}

/** Pino writes synchronously to a Writable only after a tick; wait for it. */
export const flush = () => new Promise((r) => setImmediate(r));

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
  { citation: { articleId: "shipping", version: 3, passageId: "shipping#delivery-times" }, title: "Delivery times", text: "Orders arrive within 3-5 working days." },
  { citation: { articleId: "returns", version: 1, passageId: "returns#refunds" }, title: "Refunds", text: "Refunds are paid within 14 days of receiving the return." },
];
