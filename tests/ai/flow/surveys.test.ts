import { afterEach, describe, expect, it } from "vitest";
import { parseCsat } from "../../../src/core/surveys/score.js";
import { alwaysOpenConfig } from "../../helpers/hub.js";
import { startFlowHub, type FlowHub } from "./flow-hub.js";

const AGENT = { platform: "virtual", userId: "agent", name: "Agent" };
const ASK = "How would you rate the help you got? Reply with a number from 1 (poor) to 5 (excellent).";
let hub: FlowHub | null = null;

/** The survey is scheduled right after the resolution (asynchronously): wait for it to be sent and delivered. */
async function surveyed(conversationId: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    await hub!.hub.settle();
    if ((await hub!.events(conversationId, "survey.sent")).length > 0) return hub!.hub.settle();
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("no survey was sent");
}
afterEach(async () => {
  await hub?.stop();
  hub = null;
});

describe("CSAT answers are read from what customers write back", () => {
  it("digits, buttons, 4/5, stars and a comment after a separator; a sentence that starts with a number is not a rating", () => {
    expect(parseCsat("5")).toEqual({ score: 5, comment: null });
    expect(parseCsat(" 4/5 ")).toEqual({ score: 4, comment: null });
    expect(parseCsat("4 out of 5")).toEqual({ score: 4, comment: null });
    expect(parseCsat("3 Sterne")).toEqual({ score: 3, comment: null });
    expect(parseCsat("⭐⭐⭐⭐")).toEqual({ score: 4, comment: null });
    expect(parseCsat("★★☆☆☆")).toEqual({ score: 2, comment: null });
    expect(parseCsat("2 - the parcel came a week late")).toEqual({ score: 2, comment: "the parcel came a week late" });
    expect(parseCsat("5! Great service")).toEqual({ score: 5, comment: "Great service" });
    expect(parseCsat("5.")).toEqual({ score: 5, comment: null });
    expect(parseCsat("2 more questions about my order")).toBeNull();
    expect(parseCsat("6")).toBeNull();
    expect(parseCsat("0")).toBeNull();
    expect(parseCsat("Where is order 5?")).toBeNull();
  });
});

describe("the satisfaction survey after a resolution", () => {
  async function escalatedAndResolved(who: string) {
    const asked = await hub!.say("I want to talk to a human please", who);
    expect(asked.conversation.owner).toBe("human");
    await hub!.hub.desk.handle({
      conversationId: asked.conversationId,
      actor: AGENT,
      externalId: `r-${who}`,
      kind: "reply",
      text: "Your refund is on its way.",
    });
    const resolved = await hub!.hub.desk.handle({ conversationId: asked.conversationId, actor: AGENT, externalId: `res-${who}`, kind: "resolve" });
    expect(resolved.ok).toBe(true);
    // Past the agent reply's undo window, so it (and the survey queued behind it) is delivered.
    hub!.clock.advance(60_000);
    await surveyed(asked.conversationId);
    return asked.conversationId;
  }

  it("asks once with buttons 1–5 after an agent resolved; the rating is recorded and thanked, not reopened, not answered by the AI", async () => {
    hub = await startFlowHub();
    const id = await escalatedAndResolved("ana");
    const survey = hub.deliveries.filter((d) => d.message.text === ASK);
    expect(survey).toHaveLength(1);
    expect(survey[0]!.message.buttons?.map((b) => b.label)).toEqual(["1", "2", "3", "4", "5"]);
    expect(await hub.events(id, "survey.sent")).toHaveLength(1);

    const rating = await hub.say("4 - quick, but I had to ask twice", "ana");
    expect(rating.conversationId).toBe(id);
    expect(rating.texts).toEqual(["Thank you for your feedback!"]);
    expect(rating.conversation.status).toBe("resolved");
    const [answered] = await hub.events(id, "survey.answered");
    expect(answered!.data).toMatchObject({ kind: "csat", score: 4, comment: "quick, but I had to ask twice", channel: "web" });
    expect(await hub.events(id, "decision.made")).toHaveLength(1); // only the first message's

    // Resolving again (after a reopen) never sends a second survey.
    const again = await hub.say("Actually, one more thing: can I change the address?", "ana");
    expect(again.conversationId).toBe(id);
    expect(again.conversation.status).toBe("open");
    await hub.hub.desk.handle({ conversationId: id, actor: AGENT, externalId: "res-2", kind: "resolve" });
    await hub.hub.settle();
    expect(hub.deliveries.filter((d) => d.message.text === ASK)).toHaveLength(1);
    // A rating after it was answered is a new message of the normal flow.
    const late = await hub.say("5", "ana");
    expect(late.texts).not.toEqual(["Thank you for your feedback!"]);
  });

  it("no survey for spam or abuse, nor for a conversation no person handled (after: human)", async () => {
    hub = await startFlowHub();
    const asked = await hub.say("I want to talk to a human please", "spammer");
    await hub.hub.desk.handle({ conversationId: asked.conversationId, actor: AGENT, externalId: "tag", kind: "tag", tag: "spam" });
    await hub.hub.desk.handle({ conversationId: asked.conversationId, actor: AGENT, externalId: "res", kind: "resolve" });
    await hub.hub.settle();
    expect(await hub.events(asked.conversationId, "survey.sent")).toHaveLength(0);

    // Answered by the AI and resolved by silence: nobody to rate.
    const answered = await hub.say("How do I wash my waterproof jacket?", "reader");
    hub.clock.advance(8 * 86_400_000);
    await hub.hub.settle();
    expect((await hub.store.getConversation(answered.conversationId))!.status).toBe("resolved");
    expect(await hub.events(answered.conversationId, "survey.sent")).toHaveLength(0);
    expect(hub.deliveries.some((d) => d.message.text === ASK)).toBe(false);
  });

  it("a delay is a store timer that a reopening cancels; the texts follow the customer's language", async () => {
    hub = await startFlowHub({
      configYaml: alwaysOpenConfig().replace("csat: { enabled: true, after: human, delay: 0s, window: 3d }", "csat: { enabled: true, delay: 1h }"),
    });
    const asked = await hub.say("Ich möchte bitte mit einem Menschen sprechen", "lena");
    await hub.hub.desk.handle({ conversationId: asked.conversationId, actor: AGENT, externalId: "r", kind: "reply", text: "Erledigt." });
    await hub.hub.desk.handle({ conversationId: asked.conversationId, actor: AGENT, externalId: "res", kind: "resolve" });
    await hub.hub.settle();
    expect(await hub.store.getTimer(`survey:${asked.conversationId}`)).not.toBeNull();
    hub.clock.advance(61 * 60_000);
    await hub.hub.settle();
    const german = "Wie zufrieden bist du mit der Hilfe? Antworte mit einer Zahl von 1 (schlecht) bis 5 (ausgezeichnet).";
    expect(hub.deliveries.filter((d) => d.message.text === german)).toHaveLength(1);
    const rated = await hub.say("5", "lena");
    expect(rated.texts).toEqual(["Danke für deine Rückmeldung!"]);

    // Reopened before the delay ran out: no survey.
    const other = await hub.say("I want to talk to a human please", "tom");
    await hub.hub.desk.handle({ conversationId: other.conversationId, actor: AGENT, externalId: "r2", kind: "reply", text: "Done." });
    await hub.hub.desk.handle({ conversationId: other.conversationId, actor: AGENT, externalId: "res2", kind: "resolve" });
    await hub.hub.settle();
    await hub.say("Wait, it is not fixed yet", "tom");
    hub.clock.advance(61 * 60_000);
    await hub.hub.settle();
    expect(await hub.events(other.conversationId, "survey.sent")).toHaveLength(0);
  });
});
