import { describe, expect, it } from "vitest";
import { detectLanguage, SUPPORTED_LANGUAGES } from "../../../src/ai/local/index.js";

const SHORT: [string, string][] = [
  ["where is my order", "en"],
  ["do you accept credit cards", "en"],
  ["I want a refund", "en"],
  ["wo ist meine Bestellung", "de"],
  ["Das Paket ist nicht angekommen", "de"],
  ["kann ich mit Kreditkarte zahlen", "de"],
  ["où est ma commande", "fr"],
  ["Je n'ai pas reçu mon colis", "fr"],
  ["Je veux un remboursement", "fr"],
  ["¿dónde está mi pedido?", "es"],
  ["El paquete no ha llegado", "es"],
  ["Quiero un reembolso", "es"],
  ["dov'è il mio ordine", "it"],
  ["Il pacco non è arrivato", "it"],
  ["Voglio un rimborso", "it"],
  ["waar is mijn bestelling", "nl"],
  ["Het pakket is niet aangekomen", "nl"],
  ["Ik wil mijn geld terug", "nl"],
  ["onde está a minha encomenda", "pt"],
  ["O pacote não chegou", "pt"],
  ["Quero um reembolso", "pt"],
];

const LONG: Record<string, string> = {
  en: "Good morning, I bought a rain jacket from your shop three weeks ago and the seams started leaking after the first walk. I would like to know whether this is covered by the warranty and how I can send it back to you.",
  de: "Guten Tag, ich habe vor drei Wochen eine Regenjacke in Ihrem Shop gekauft und die Nähte waren schon nach dem ersten Spaziergang undicht. Ich würde gerne wissen, ob das unter die Garantie fällt und wie ich sie zurückschicken kann.",
  fr: "Bonjour, j'ai acheté une veste de pluie dans votre boutique il y a trois semaines et les coutures ont commencé à fuir après la première promenade. Je voudrais savoir si c'est couvert par la garantie et comment je peux vous la renvoyer.",
  es: "Buenos días, compré una chaqueta impermeable en su tienda hace tres semanas y las costuras empezaron a filtrar agua después del primer paseo. Me gustaría saber si esto está cubierto por la garantía y cómo puedo devolverla.",
  it: "Buongiorno, ho comprato una giacca impermeabile nel vostro negozio tre settimane fa e le cuciture hanno cominciato a perdere acqua dopo la prima passeggiata. Vorrei sapere se questo è coperto dalla garanzia e come posso restituirla.",
  nl: "Goedemorgen, ik heb drie weken geleden een regenjas in uw winkel gekocht en de naden begonnen na de eerste wandeling al te lekken. Ik zou graag willen weten of dit onder de garantie valt en hoe ik hem kan terugsturen.",
  pt: "Bom dia, comprei um casaco impermeável na vossa loja há três semanas e as costuras começaram a deixar entrar água depois do primeiro passeio. Gostaria de saber se isto está coberto pela garantia e como posso devolvê-lo.",
};

describe("detectLanguage", () => {
  it("knows en, de, fr, es, it, nl and pt", () => {
    expect([...SUPPORTED_LANGUAGES].sort()).toEqual(["de", "en", "es", "fr", "it", "nl", "pt"]);
  });

  it("short customer messages (3–6 words)", () => {
    const wrong = SHORT.filter(([text, lang]) => detectLanguage(text).language !== lang);
    expect(wrong).toEqual([]);
  });

  it("long texts, with high confidence", () => {
    for (const [lang, text] of Object.entries(LONG)) {
      const r = detectLanguage(text);
      expect(r.language, lang).toBe(lang);
      expect(r.confidence, lang).toBeGreaterThan(0.99);
    }
  });

  it("is unsure (null) on text too short or without letters", () => {
    for (const text of ["", "ok", "hi", "AB-12345", "12.03.2026", "👍"]) expect(detectLanguage(text), text).toEqual({ language: null, confidence: 0 });
  });

  it("confidence grows with the length of the text", () => {
    expect(detectLanguage("Quiero un reembolso").confidence).toBeLessThan(detectLanguage(LONG.es!).confidence);
  });

  it("candidates restrict the choice (primary subtag counts; unknown ones are ignored)", () => {
    expect(detectLanguage("Quero um reembolso", ["es", "pt-BR"]).language).toBe("pt");
    expect(detectLanguage("wo ist meine Bestellung", ["en", "fr"]).language).not.toBe("de");
    expect(detectLanguage("where is my order", ["xx"])).toEqual({ language: null, confidence: 0 });
  });
});
