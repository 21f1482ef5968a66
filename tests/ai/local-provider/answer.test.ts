import { describe, expect, it } from "vitest";
import { answerFromPassages, splitSentences } from "../../../src/ai/local/index.js";
import { enforceGrounding, type AnswerPassage } from "../../../src/ai/port.js";
import { PASSAGES } from "./fixture.js";

const ask = (question: string, passages: AnswerPassage[] = PASSAGES, locale = "en") => answerFromPassages({ question, passages, locale });
const ids = (a: { citations: { passageId: string }[] }) => a.citations.map((c) => c.passageId);

describe("extractive answers", () => {
  it("quotes the sentence that answers and cites exactly its passage", () => {
    const a = ask("When will I get my refund?");
    expect(a).toEqual({
      text: "Refunds are paid within 14 days of receiving the return.",
      citations: [PASSAGES[1]!.citation],
      grounded: true,
      provider: "local",
    });
    expect(enforceGrounding(a, PASSAGES)).toEqual(a);
  });

  it("a passage matching by its title is quoted from its opening sentence", () => {
    const a = ask("How long does delivery take?");
    expect(a.grounded).toBe(true);
    expect(a.text).toBe("Orders arrive within 3-5 working days.");
    expect(ids(a)).toEqual(["shipping#delivery-times"]);
  });

  it("cleans Markdown (headings, list markers, emphasis, link syntax)", () => {
    const a = ask("Where do I find the tracking link?");
    expect(a.text).toBe("Tracking links are sent by email once the parcel ships, see order tracking.");
    expect(a.text).not.toMatch(/[#*[\]()]/);
  });

  it("combines sentences of two passages when each covers part of the question, citing both", () => {
    const a = ask("Is the refund paid back to PayPal?");
    expect(a.grounded).toBe(true);
    expect(ids(a).sort()).toEqual(["payment-methods#methods", "returns#refunds"]);
    expect(a.text).toContain("Refunds are paid");
    expect(a.text).toContain("PayPal");
    expect(enforceGrounding(a, PASSAGES).citations).toHaveLength(2);
  });

  it("at most three sentences", () => {
    const long: AnswerPassage = {
      citation: { articleId: "care", version: 1, passageId: "care#washing" },
      title: "Washing",
      text: "Wash the jacket at 30 degrees. Use liquid detergent for the jacket. Close the zipper of the jacket first. Hang the jacket to dry. Re-proof the jacket with spray.",
    };
    const a = ask("how do I wash, dry, zip and re-proof the jacket with detergent and spray", [long]);
    expect(a.grounded).toBe(true);
    expect(splitSentences(a.text).length).toBeLessThanOrEqual(3);
  });

  it("grounded: false when no content word of the question appears", () => {
    for (const q of ["Do you have a store in Paris?", "What is the meaning of life?", "hello", "   "]) {
      expect(ask(q), q).toEqual({ text: "", citations: [], grounded: false, provider: "local" });
    }
  });

  it("grounded: false when coverage is too weak (one generic word only) and without passages", () => {
    expect(ask("how long until the new collection launches in stores?").grounded).toBe(false);
    expect(ask("When will I get my refund?", []).grounded).toBe(false);
  });

  it("order numbers in the question do not dilute coverage", () => {
    expect(ask("refund for order 12345678?").grounded).toBe(true);
  });

  it("German question against German passages (German stemming)", () => {
    const de: AnswerPassage[] = [{
      citation: { articleId: "versand", version: 1, passageId: "versand#kosten" },
      title: "Versandkosten",
      text: "Der Versand innerhalb Deutschlands kostet 4,90 €. Ab 50 € Bestellwert ist der Versand kostenlos.",
    }];
    const a = ask("Ist der Versand kostenlos?", de, "de");
    expect(a.grounded).toBe(true);
    expect(a.text).toBe("Ab 50 € Bestellwert ist der Versand kostenlos.");
  });
});
