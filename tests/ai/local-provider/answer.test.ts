import { describe, expect, it } from "vitest";
import { answerFromPassages, splitSentences } from "../../../src/ai/local/index.js";
import { WHOLE_SECTION_CHARS } from "../../../src/ai/local/answer.js";
import { enforceGrounding, type AnswerPassage } from "../../../src/ai/port.js";
import { PASSAGES } from "./fixture.js";

const ask = (question: string, passages: AnswerPassage[] = PASSAGES, locale = "en") => answerFromPassages({ question, passages, locale });
const ids = (a: { citations: { passageId: string }[] }) => a.citations.map((c) => c.passageId);
const passage = (id: string, title: string, text: string): AnswerPassage => ({
  citation: { articleId: id.split("#")[0]!, version: 1, passageId: id },
  title,
  text,
});

/** A section longer than WHOLE_SECTION_CHARS: only the part that answers may be quoted. */
const TRACKING = passage(
  "tracking#where",
  "Tracking your order",
  [
    "Most parcels leave our warehouse on the day you order, and the carrier collects them every afternoon at four.",
    "As soon as your parcel leaves the warehouse you receive a shipping confirmation email with a tracking link.",
    "You can also see every order and its tracking link under My account → Orders.",
    "Our warehouse team packs fragile items such as stoves and lanterns in recycled paper instead of plastic foam.",
    "During sales the warehouse works in two shifts, so parcels still leave on the same day for most orders placed before noon.",
    "Gift wrapping is available for most products and is added at checkout for a small fee, with a handwritten card if you like.",
  ].join(" "),
);

const RETURN_STEPS = passage(
  "returns#how",
  "Returning an item",
  [
    "Returns are free from every EU country and take only a few minutes to register online. To return an item:",
    "",
    "1. Open the returns portal from the link in your shipping confirmation.",
    "2. Select the items and a reason. You receive a return label by email.",
    "3. Pack the items, attach the label and drop the parcel at any post office.",
    "",
    "We check every return in our warehouse, usually within three working days of its arrival, and then send you an email confirming the refund.",
    "Refunds go back to the payment method you used; bank transfers can take a few extra days depending on your bank.",
    "Items must be unused and in their original packaging, with all tags still attached; worn shoes and washed clothing cannot be taken back.",
  ].join("\n"),
);

describe("local answers: the complete answer from one section", () => {
  it("a short section is quoted whole and only its passage is cited", () => {
    const a = ask("When will I get my refund?");
    expect(a).toEqual({
      text: "Refunds are paid within 14 days of receiving the return. The money goes back to the original payment method.",
      citations: [PASSAGES[1]!.citation],
      grounded: true,
      provider: "local",
    });
    expect(enforceGrounding(a, PASSAGES)).toEqual(a);
  });

  it("cleans Markdown (headings, emphasis, link syntax) and keeps list items on their own line", () => {
    const a = ask("Where do I find the tracking link?");
    expect(a.grounded).toBe(true);
    expect(a.text).toBe(
      "Orders arrive within 3-5 working days. Express orders arrive the next working day if placed before 2 pm.\n- Tracking links are sent by email once the parcel ships, see order tracking.",
    );
    expect(a.text).not.toMatch(/[#*[\]()]/);
  });

  it("never glues two articles together, even when each covers part of the question", () => {
    const a = ask("are refunds paid within 14 days and can i pay with klarna or visa");
    expect(a.grounded).toBe(true);
    expect(a.citations).toHaveLength(1);
    expect(a.text).not.toMatch(/Visa.*Refunds|Refunds.*Visa/s);
  });

  it("never starts mid-thought: a 'You can also…' sentence brings the sentence it continues", () => {
    expect(TRACKING.text.length).toBeGreaterThan(WHOLE_SECTION_CHARS);
    const a = ask("Where can I see my orders in my account?", [TRACKING]);
    expect(a.grounded).toBe(true);
    expect(a.text).toContain("You can also see every order");
    expect(a.text.startsWith("As soon as your parcel leaves")).toBe(true);
    expect(a.text).not.toContain("Gift wrapping");
  });

  it("a how-to gets its steps in order, numbered, with the sentence that introduces them", () => {
    expect(RETURN_STEPS.text.length).toBeGreaterThan(WHOLE_SECTION_CHARS);
    const a = ask("How do I return an item?", [RETURN_STEPS]);
    expect(a.grounded).toBe(true);
    expect(a.text).toContain("To return an item:\n1. Open the returns portal");
    const [one, two, three] = ["1. Open", "2. Select", "3. Pack"].map((s) => a.text.indexOf(s));
    expect(one).toBeGreaterThan(0);
    expect(two).toBeGreaterThan(one!);
    expect(three).toBeGreaterThan(two!);
    expect(a.text.trimEnd().endsWith(":")).toBe(false);
  });

  it("a sentence announcing a list is never quoted without the list (plain text too)", () => {
    const plain = passage(
      "refunds#timing",
      "When you get your refund",
      "We check it within 3 working days. The money goes back to the payment method you used:\nPayPal: within 24 hours.\nCards: 3–5 working days.",
    );
    const a = ask("How long does a refund to my card take?", [plain]);
    expect(a.text).toContain("payment method you used:\n- PayPal: within 24 hours.\n- Cards: 3–5 working days.");
  });

  it("a duration question is answered by the section that states a duration, not the first-ranked one that shares its words", () => {
    const check = passage(
      "refund-timing#how-long",
      "When you get your refund",
      "When your return arrives at the warehouse we check it and send you an email once the refund is issued.",
    );
    const policy = passage("returns-policy#intro", "Returning an item", "You can return items within 30 days of delivery. Items must be unused.");
    const a = ask("How many days do I have to return the boots?", [check, policy]);
    expect(ids(a)).toEqual(["returns-policy#intro"]);
    expect(a.text).toContain("30 days");
  });

  it("'bought 5 weeks ago' is answered by the section that states the time limit (and footwear is shoes)", () => {
    const policy = passage(
      "returns-policy#intro",
      "Returning an item",
      "You can return items within 30 days of delivery. Footwear must have been tried on indoors only.",
    );
    const a = ask("Can I return shoes I bought 5 weeks ago?", [policy]);
    expect(a.grounded).toBe(true);
    expect(a.text).toContain("30 days");
  });

  it("a name the customer wrote must be in the section: Berlin does not answer Paris", () => {
    const store = passage("contact#store", "Our store in Berlin", "Our flagship store is at Oranienstraße 12 in Berlin, open Monday to Saturday.");
    expect(ask("Do you have a store in Paris?", [store]).grounded).toBe(false);
    expect(ask("Do you have a store in Berlin?", [store]).grounded).toBe(true);
    const eu = passage("shipping#eu", "Shipping times and costs", "Delivery to other EU countries (for example Austria or France) takes 2–5 working days.");
    expect(ask("Do you ship to Austria?", [eu]).text).toContain("2–5 working days");
    expect(ask("Do you ship to Canada?", [eu]).grounded).toBe(false);
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

  it("German question against German passages (German stemming): the short section whole", () => {
    const de = [passage("versand#kosten", "Versandkosten", "Der Versand innerhalb Deutschlands kostet 4,90 €. Ab 50 € Bestellwert ist der Versand kostenlos.")];
    const a = ask("Ist der Versand kostenlos?", de, "de");
    expect(a.grounded).toBe(true);
    expect(a.text).toBe("Der Versand innerhalb Deutschlands kostet 4,90 €. Ab 50 € Bestellwert ist der Versand kostenlos.");
  });

  it("splitSentences keeps one sentence per list item", () => {
    expect(splitSentences("Intro. Second one:\n- item a\n- item b")).toEqual(["Intro.", "Second one:", "item a", "item b"]);
  });
});
