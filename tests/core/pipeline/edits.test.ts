import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboundMessage } from "../../../src/core/channel/adapter.js";
import { startTestHub, type TestHub } from "../../helpers/hub.js";

/** Telegram (and any channel that reports edits) edits a stored message instead of adding one. */
describe("customer edits", () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ knowledge: true });
  });
  afterAll(async () => {
    await t?.stop();
  });
  const msg = (over: Partial<InboundMessage>): InboundMessage => ({
    channel: "telegram",
    externalId: "9:1",
    sender: { kind: "telegram", value: "9" },
    address: { chatId: "9" },
    text: "Do you ship to the UK?",
    attachments: [],
    receivedAt: new Date(),
    ...over,
  });

  it("replaces the text, keeps the previous one on a message.edited event, and decides nothing again", async () => {
    const [first] = await t.hub.ingest([msg({})]);
    await t.hub.settle();
    const decisions = (await t.store.listEvents({ conversationId: first!.conversationId, type: "decision.made" })).length;
    const [edit] = await t.hub.ingest([msg({ externalId: "9:1@100", editOf: "9:1", text: "Do you ship to Ireland?" })]);
    await t.hub.settle();
    expect(edit).toMatchObject({ messageId: first!.messageId, duplicate: false, newConversation: false });
    const inbound = await t.store.listMessages(first!.conversationId, { direction: "inbound" });
    expect(inbound.map((m) => m.text)).toEqual(["Do you ship to Ireland?"]);
    const edited = await t.store.listEvents({ conversationId: first!.conversationId, type: "message.edited" });
    expect(edited.map((e) => e.data.previousText)).toEqual(["Do you ship to the UK?"]);
    expect(await t.store.listEvents({ conversationId: first!.conversationId, type: "decision.made" })).toHaveLength(decisions);
    // The platform retrying the same edit changes nothing.
    const [again] = await t.hub.ingest([msg({ externalId: "9:1@100", editOf: "9:1", text: "Do you ship to Ireland?" })]);
    expect(again?.duplicate).toBe(true);
  });

  it("an edit of a message we never stored, or by someone else, is ingested as a new message", async () => {
    const [orphan] = await t.hub.ingest([msg({ externalId: "9:77@5", editOf: "9:77", text: "edited unknown" })]);
    expect(orphan?.duplicate).toBe(false);
    expect((await t.store.getMessage(orphan!.messageId))?.text).toBe("edited unknown");
    const [other] = await t.hub.ingest([
      msg({ externalId: "10:1@5", editOf: "9:1", sender: { kind: "telegram", value: "10" }, address: { chatId: "10" }, text: "not yours" }),
    ]);
    expect(other!.messageId).not.toBe(orphan!.messageId);
    expect((await t.store.getMessage(other!.messageId))?.text).toBe("not yours");
  });
});
