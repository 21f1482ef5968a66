import { beforeAll, describe, expect, it } from "vitest";
import type { IntentConfig } from "../../../src/core/config/ai-schema.js";
import { answerFromKnowledge, withContext } from "../../../src/ai/flow/answer-step.js";
import { answerFromPassages } from "../../../src/ai/local/answer.js";
import type { AiProvider } from "../../../src/ai/port.js";
import type { LoadedKnowledgeBase } from "../../../src/knowledge/index.js";
import { shippedKb } from "../../knowledge/helpers/kb.js";

/** Only `answer` is used by the answer step: the real extractive answerer. */
const local = { id: "local", answer: async (input) => answerFromPassages(input) } as Pick<AiProvider, "id" | "answer"> as AiProvider;
const intent = (name: string, scenarios: string[]) => ({ name, scenarios }) as unknown as IntentConfig;

/** The answer step over the shipped demo knowledge base (T0 = 2026-11-24), as the AI core calls it. */
describe("answers from the shipped demo knowledge base", () => {
  let kb: LoadedKnowledgeBase;
  beforeAll(async () => {
    kb = await shippedKb();
  });
  const ask = (question: string, scenarios: string[], earlier?: string) =>
    answerFromKnowledge({
      provider: local,
      knowledge: kb,
      intent: intent(scenarios[0]!, scenarios),
      question,
      earlier,
      locale: "en",
      answerLocale: "en",
      fields: {},
      minScore: 0.2,
      guard: undefined,
    });
  const text = async (question: string, scenarios: string[], earlier?: string) => {
    const r = await ask(question, scenarios, earlier);
    if (!r.ok) throw new Error(`not answered: ${r.reason}`);
    return r.text;
  };

  it("each failure measured in issue 11 now gets the complete, right answer", async () => {
    expect(await text("Where is my order?", ["order_status", "shipping"])).toMatch(/^As soon as your parcel leaves.*My account → Orders.*as a guest/s);
    expect(await text("How do I wash my waterproof jacket?", ["product_care"])).toMatch(/Close all zippers.*30 °C.*rinse twice/s);
    expect(await text("How many days do I have to return the boots?", ["returns"])).toContain("30 days of delivery");
    const late = await text("Can I return shoes I bought 5 weeks ago?", ["returns"]);
    expect(late).toContain("30 days");
    expect(late).not.toContain("Black Week");
    const austria = await text("Do you ship to Austria?", ["shipping"]);
    expect(austria).toContain("2–5 working days");
    expect(austria).not.toContain("Gas cartridges");
    const refund = await text("How long does it take to get my refund?", ["refunds", "returns"]);
    expect(refund).toMatch(/3 working days.*PayPal.*24 hours.*3–5 working days/s);
    expect(refund.trimEnd().endsWith(":")).toBe(false);
  });

  it("a question no article answers is not answered with something nearby", async () => {
    const r = await ask("Do you ship to Canada?", ["shipping"]);
    expect(r.ok).toBe(false);
  });

  it("the intent's scenario narrows, but a clearly better article outside it wins", async () => {
    // Read as a shipping question, this is answered by the warranty article (tagged warranty, damaged_item).
    const r = await ask("How do I make a warranty claim for a broken zipper?", ["shipping"]);
    expect(r.ok && r.articles.map((a) => a.articleId)).toEqual(["warranty"]);
  });

  it("a follow-up is read with the question that opened the topic", async () => {
    expect(await text("and what does express cost?", ["shipping"], "How long does delivery to Austria take?")).toContain("€19.95");
  });
});

describe("follow-up context", () => {
  it("joins short or 'and …' messages to the earlier question, leaves complete questions alone", () => {
    expect(withContext("and to the UK?", "How long does delivery to Austria take?")).toBe("how long does delivery to austria take?\nand to the UK?");
    expect(withContext("How do I wash my waterproof jacket?", "Do you ship to the UK?")).toBe("How do I wash my waterproof jacket?");
    expect(withContext("and to the UK?", null)).toBe("and to the UK?");
    expect(withContext("Where is my order?", "Where is my order?")).toBe("Where is my order?");
  });
});
