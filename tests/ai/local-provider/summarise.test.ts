import { describe, expect, it } from "vitest";
import { summariseConversation } from "../../../src/ai/local/index.js";
import { summarySchema, type FieldSpec } from "../../../src/ai/port.js";

const FIELDS: FieldSpec[] = [
  { name: "order_id", description: "the order number", kind: "order_id" },
  { name: "email", description: "e-mail of the account", kind: "email" },
];
const ctx = { now: new Date("2026-03-18T10:00:00Z") };

describe("local summarise", () => {
  it("goal: the first substantive customer sentence, greetings skipped, with the intent when known", () => {
    const s = summariseConversation(
      {
        locale: "en",
        messages: [
          { author: "customer", text: "Hi!" },
          { author: "ai", text: "Hello! How can I help?" },
          { author: "customer", text: "Hello there. My jacket arrived with a broken zipper and I want a replacement. Also, love the colour." },
        ],
      },
      { classify: (t) => (/zipper|broken/.test(t) ? "damaged_item" : null) },
    );
    expect(s.goal).toBe('Customer wants help with damaged item: "My jacket arrived with a broken zipper and I want a replacement."');
    expect(summarySchema.parse(s)).toEqual(s);
  });

  it("goal is at most 200 characters of customer text", () => {
    const long = `I need help ${"with a very long story ".repeat(30)}`;
    const s = summariseConversation({ locale: "en", messages: [{ author: "customer", text: long }] });
    expect(s.goal.length).toBeLessThanOrEqual(200 + 'Customer wants: ""'.length);
    expect(s.goal).toMatch(/…"$/);
  });

  it("summary lists what the AI and the customer did, oldest first, repeats merged", () => {
    const s = summariseConversation(
      {
        locale: "en",
        messages: [
          { author: "customer", text: "Where is my parcel? It should have arrived last week." },
          { author: "ai", text: "Orders arrive within 3-5 working days.", citations: [{ articleId: "shipping" }] },
          { author: "ai", text: "Could you tell me your order number?" },
          { author: "customer", text: "it's 123456" },
          { author: "ai", text: "What is the e-mail address of your account?" },
          { author: "customer", text: "jane@example.com" },
          { author: "customer", text: "I already tried the tracking link, it says nothing" },
          { author: "customer", text: "I want to talk to a human" },
          { author: "ai", text: "I am connecting you with our team." },
          { author: "agent", text: "Hi Jane, I'm looking into it." },
          { author: "agent", text: "Found it." },
        ],
      },
      { fields: FIELDS, fieldContext: ctx },
    );
    expect(s.summary.split("\n")).toEqual([
      "- AI answered from article shipping",
      "- AI asked for order_id",
      "- Customer provided order_id",
      "- AI asked for email",
      "- Customer provided email",
      '- Customer says they already tried: "I already tried the tracking link, it says nothing"',
      '- Customer asked for a human: "talk to a human"',
      '- AI replied: "I am connecting you with our team."',
      "- An agent replied (×2)",
    ]);
    expect(s.goal).toBe('Customer wants: "Where is my parcel?"');
    expect(summarySchema.parse(s)).toEqual(s);
  });

  it("without any customer message the output is still valid", () => {
    const s = summariseConversation({ locale: "en", messages: [] });
    expect(summarySchema.safeParse(s).success).toBe(true);
    expect(s.summary).toBe("- No messages yet.");
  });

  it("a very long conversation stays within the summary limit", () => {
    const messages = Array.from({ length: 200 }, (_, i) => ({ author: i % 2 ? "ai" : "customer", text: `message number ${i} ${"words ".repeat(20)}` }));
    const s = summariseConversation({ locale: "en", messages });
    expect(s.summary.length).toBeLessThanOrEqual(4000);
    expect(summarySchema.safeParse(s).success).toBe(true);
  });
});
