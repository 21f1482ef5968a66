import { afterEach, describe, expect, it } from "vitest";
import { createTexts, formatDuration, joinOr } from "../../../src/ai/flow/texts.js";
import { startFlowHub, type FlowHub } from "./flow-hub.js";

let hub: FlowHub | null = null;
afterEach(async () => {
  await hub?.stop();
  hub = null;
});
const replyKinds = (notes: Record<string, unknown>) => notes.replies as string[];

describe("AI decision flow: languages", () => {
  it("a French customer gets the French greeting, field prompt and escalation text", async () => {
    hub = await startFlowHub();
    const ask = await hub.say("Où est ma commande? Je n'ai toujours rien reçu.");
    expect(ask.notes).toMatchObject({ language: "fr", locale: "fr" });
    expect(ask.texts[0]).toMatch(/^Bonjour et merci de contacter Northwind Outfitters/);
    expect(replyKinds(ask.notes)).not.toContain("language_fallback");
    const second = await hub.say("Je voudrais parler à quelqu'un, c'est urgent.");
    expect(second.texts.join("\n")).toMatch(/j'ai transmis votre demande à notre équipe Customer Support/);
    expect(second.conversation.handoff).toMatchObject({ language: "fr", languageNote: null });
  });

  it("a Spanish customer gets Spanish texts; an unclear request is clarified in Spanish with Spanish topic names", async () => {
    hub = await startFlowHub();
    const t = await hub.say("Hola, tengo una pregunta sobre algo");
    expect(t.notes).toMatchObject({ language: "es", locale: "es" });
    expect(t.texts[0]).toMatch(/^¡Hola y gracias por escribir a Northwind Outfitters!/);
    expect(t.texts.at(-1)).toMatch(/^Quiero asegurarme de entenderte bien\. ¿Se trata de el estado de tu pedido, .* o un reembolso\?/);
  });

  it("a customer in a language the config lacks is told once, in that language, that the team answers in English", async () => {
    hub = await startFlowHub();
    const first = await hub.say("Buongiorno, dove si trova il mio ordine? Non è ancora arrivato.");
    expect(first.notes).toMatchObject({ language: "it", locale: "en" });
    expect(replyKinds(first.notes)).toContain("language_fallback");
    expect(first.texts).toContain("Il nostro team risponde in inglese.");
    const second = await hub.say("Vorrei parlare con una persona, per favore, è urgente.");
    expect(replyKinds(second.notes)).not.toContain("language_fallback");
    expect(second.conversation.handoff!.languageNote).toBe('The customer writes in "it"; the AI replied in "en" (no texts in that language).');
  });

  it("a short first message leaves the default locale only when the detector is sure", async () => {
    hub = await startFlowHub();
    const unsure = await hub.say("One more question"); // reads 0.54 French on trigrams of "question"
    expect(unsure.notes).toMatchObject({ language: "en", locale: "en" });
    await hub.stop();
    hub = await startFlowHub();
    const sure = await hub.say("Muchas gracias");
    expect(sure.notes).toMatchObject({ language: "es", locale: "es" });
  });

  it("built-in texts, durations and option lists exist in en, de, fr and es", () => {
    const texts = createTexts({}, "en");
    for (const locale of ["en", "de", "fr", "es"]) {
      expect(texts.speaks(locale)).toBe(true);
      for (const key of ["clarify", "escalated", "escalated_after_hours", "eta_sla", "invalid_field", "closing", "source", "language_fallback"] as const) {
        expect(texts.has(key, locale), `${key}/${locale}`).toBe(true);
      }
    }
    expect(texts.speaks("it")).toBe(false);
    expect(formatDuration(2 * 3_600_000, "fr")).toMatch(/^2\sheures$/);
    expect(formatDuration(3_600_000, "de")).toBe("einer Stunde");
    expect(formatDuration(30 * 60_000, "es")).toMatch(/^30\sminutos$/);
    expect(joinOr(["a", "b", "c"], "fr")).toBe("a, b ou c");
    expect(createTexts({ closing: { fr: "Merci à vous !" } }, "en").get("closing", "fr")).toBe("Merci à vous !");
  });
});
