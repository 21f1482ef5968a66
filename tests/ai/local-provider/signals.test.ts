import { describe, expect, it } from "vitest";
import { detectSignals, RISK_SIGNAL_KINDS, type RiskSignalKind } from "../../../src/ai/local/index.js";

const kinds = (text: string) => detectSignals(text).signals.map((s) => s.kind);

const POSITIVE: Record<RiskSignalKind, { en: string[]; de: string[] }> = {
  legal_threat: {
    en: ["I will talk to my lawyer about this", "I'm going to sue you", "we'll see you in court, I'll take you to court", "I am taking legal action"],
    de: ["Mein Anwalt wird sich melden", "Ich werde Sie verklagen", "Dann gehe ich vor Gericht", "Ich leite rechtliche Schritte ein"],
  },
  chargeback: {
    en: [
      "I'll just file a chargeback",
      "I will dispute the charge with my bank",
      "I'm going to reverse the payment",
      "I opened a PayPal claim",
      "I filed a dispute with my credit card company",
      "I'll open a claim with my bank",
    ],
    de: ["Dann mache ich eine Rückbuchung", "Ich lasse die Lastschrift zurückgehen", "Ich habe den Käuferschutz beantragt", "ich werde das Geld zurückbuchen"],
  },
  safety: {
    en: ["the charger caught fire last night", "my son choked on a small part", "I had an allergic reaction to the cream", "I want to kill myself"],
    de: ["Das Gerät hat gebrannt", "Mein Kind hat sich daran verletzt", "allergische Reaktion nach dem Auftragen", "der Akku ist explodiert"],
  },
  security: {
    en: [
      "my account was hacked",
      "someone logged into my account",
      "there is an unauthorised order on my account",
      "I didn't place this order",
      "I got a phishing email from you",
    ],
    de: ["Mein Konto wurde gehackt", "Jemand hat sich in mein Konto eingeloggt", "Das habe ich nicht bestellt", "mein Passwort wurde geändert"],
  },
  human_request: {
    en: ["I want to talk to a human", "let me speak to a real person", "connect me with an agent please", "I want someone who is not a bot"],
    de: ["Ich möchte mit einem Mitarbeiter sprechen", "Bitte einen echten Menschen", "kein Bot bitte", "Kann ich mit einem Menschen reden?"],
  },
  abuse: {
    en: ["you are idiots", "you're useless", "fuck you", "I will find you"],
    de: ["Ihr seid Vollidioten", "Sie Arschloch", "ihr seid so unfähig", "Betrüger!"],
  },
};

describe("detectSignals: every kind in English and German", () => {
  for (const kind of RISK_SIGNAL_KINDS) {
    for (const lang of ["en", "de"] as const) {
      it(`${kind} (${lang})`, () => {
        for (const text of POSITIVE[kind][lang]) expect(kinds(text), text).toContain(kind);
      });
    }
  }

  it("the evidence is the matched phrase as written", () => {
    expect(detectSignals("Honestly, I'll talk to my LAWYER.").signals).toEqual([{ kind: "legal_threat", evidence: "my LAWYER" }]);
    expect(detectSignals("Dann mache ich eine Rückbuchung!").signals).toEqual([{ kind: "chargeback", evidence: "Rückbuchung" }]);
  });

  it("reports several kinds at once, one entry per kind", () => {
    const r = detectSignals(
      "My account was hacked and there are unauthorized orders. I want to speak to a human, or my lawyer will, and my lawyer is expensive.",
    );
    expect(r.signals.map((s) => s.kind)).toEqual(["legal_threat", "security", "human_request"]);
  });
});

describe("detectSignals: negative examples", () => {
  it("ordinary support messages carry no signal", () => {
    for (const text of [
      "I'd like to track my order",
      "my bank account number is DE89 3704 0044 0532 0130 00",
      "Can I pay by bank transfer?",
      "What brand is this jacket?",
      "this product is useless for hiking",
      "Wo ist meine Bestellung?",
      "Ich möchte meine Adresse ändern",
      "how do I change my password?",
      "the court shoes are too small",
      "Was kostet der Versand nach Österreich?",
      "I'd like to dispute nothing, just a question",
      "I want to file a claim for the damaged parcel",
    ])
      expect(kinds(text), text).toEqual([]);
  });

  it("negation cancels a request for a human, but not the risk kinds (documented choice)", () => {
    expect(kinds("I don't need a human, just the tracking link")).toEqual([]);
    expect(kinds("Ich brauche keinen Mitarbeiter, nur den Link")).toEqual([]);
    expect(kinds("I don't want to sue you, but this is the last time")).toEqual(["legal_threat"]);
    expect(kinds("I'm not saying the charger caught fire, but it got really hot")).toEqual(["safety"]);
  });
});

describe("sentiment", () => {
  const s = (text: string) => detectSignals(text).sentiment;

  it("stays within -1..1 and is 0 for neutral text", () => {
    expect(s("I'd like to track my order")).toBe(0);
    for (const t of ["WORST SERVICE EVER!!!! YOU ARE IDIOTS", "Thank you so much, you are amazing, perfect!!!"]) {
      expect(Math.abs(s(t))).toBeLessThanOrEqual(1);
    }
  });

  it("orders messages from pleased to furious (en)", () => {
    const ordered = [
      "Thanks, that was really great!",
      "ok thanks",
      "where is my order",
      "the parcel is late",
      "This is really terrible, worst service ever",
      "THIS IS TERRIBLE!!! WORST SERVICE EVER",
    ].map(s);
    for (let i = 1; i < ordered.length; i++) expect(ordered[i]!, `position ${i}`).toBeLessThan(ordered[i - 1]!);
  });

  it("orders messages from pleased to furious (de)", () => {
    const ordered = ["Vielen Dank, super!", "Wo ist mein Paket?", "Das ist schlecht", "Das ist eine Frechheit, total enttäuscht!!!"].map(s);
    for (let i = 1; i < ordered.length; i++) expect(ordered[i]!, `position ${i}`).toBeLessThan(ordered[i - 1]!);
  });

  it("negation flips, intensifiers and capitals strengthen, '!!!' raises negativity", () => {
    expect(s("not good")).toBeLessThan(0);
    expect(s("not bad")).toBeGreaterThan(0);
    expect(s("I am NOT happy")).toBeLessThan(0);
    expect(s("very bad")).toBeLessThan(s("bad"));
    expect(s("this is BAD")).toBeLessThan(s("this is bad"));
    expect(s("this is bad!!!")).toBeLessThan(s("this is bad"));
    expect(s("WHERE IS MY ORDER")).toBeLessThan(s("where is my order"));
    expect(s("Where is my order!!!")).toBeLessThan(s("Where is my order?"));
  });
});

describe("detectSignals: French, Spanish, wording, negation", () => {
  it.each([
    ["je vais demander une rétrofacturation", "chargeback"],
    ["voy a pedir un contracargo", "chargeback"],
    ["retrofacturation demandee a ma banque", "chargeback"],
    ["I will be reversing the payment with my card issuer", "chargeback"],
    ["Mon compte a été piraté", "security"],
    ["alguien entró en mi cuenta", "security"],
    ["there are orders on my account I didn't place", "security"],
    ["Mon fils a avalé une petite pièce", "safety"],
    ["mi hijo se tragó una pieza", "safety"],
    ["my toddler swallowed a magnet", "safety"],
    ["I don't want to live anymore", "safety"],
    ["quiero quitarme la vida", "safety"],
    ["je vais porter plainte", "legal_threat"],
    ["voy a poner una demanda", "legal_threat"],
    ["agent", "human_request"],
    ["humain", "human_request"],
    ["agente", "human_request"],
    ["Mitarbeiter", "human_request"],
  ] as const)("%s → %s", (text, kind) => {
    expect(kinds(text)).toContain(kind);
  });

  it("a bare word is a request only when it is (almost) the whole message", () => {
    expect(kinds("my agent in Spain picks up the parcel")).not.toContain("human_request");
    expect(kinds("Agent please!")).toContain("human_request");
  });

  it("negation cancels a chargeback or legal threat, unless the message goes on with 'but' or the negation is a demand", () => {
    expect(kinds("I won't be filing a chargeback, just tell me when the refund lands")).toEqual([]);
    expect(kinds("I don't want to sue you, but you leave me no choice")).toContain("legal_threat");
    expect(kinds("Don't make me get my attorney involved")).toContain("legal_threat");
    expect(kinds("I'm not suicidal but I want to end my life")).toContain("safety");
  });

  it("near-misses stay quiet: questions about danger, idioms, refunds to a card", () => {
    for (const text of [
      "is the headlamp safe for children?",
      "is this stove dangerous?",
      "the jacket killed it on my hike",
      "When will the refund reach my credit card?",
      "my account email changed",
      "charge my card again please",
      "how do I return a knife block",
    ]) {
      expect(kinds(text), text).toEqual([]);
    }
  });

  it("accent-free typing matches and the evidence keeps the customer's spelling", () => {
    expect(detectSignals("RÉTROFACTURATION !").signals).toEqual([{ kind: "chargeback", evidence: "RÉTROFACTURATION" }]);
    expect(detectSignals("Rueckbuchung läuft").signals).toEqual([{ kind: "chargeback", evidence: "Rueckbuchung" }]);
  });
});
