import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardEmbed } from "../../../src/bots/discord/card.js";
import { classifyThreadMessage as discordClassify } from "../../../src/bots/discord/classify.js";
import { renderCard } from "../../../src/bots/slack/card.js";
import { classifyThreadMessage as slackClassify } from "../../../src/bots/slack/classify.js";
import { manualClock } from "../../../src/core/clock.js";
import { parseSetCommand } from "../../../src/core/escalation/commands.js";
import { webInbound } from "../../helpers/fakes.js";
import { startTestHub, type TestHub } from "../../helpers/hub.js";
import { threadView } from "../../bots/slack/helpers.js";
import { AGENTS, CHARGEBACK, escalationConfig, eventually, recordingBot, type RecordingBot } from "./helpers.js";

describe("agents set contact attributes from the thread (!set)", () => {
  it("parses the set command; a note stays a note, a set command is never a reply", () => {
    expect(parseSetCommand("!set tier vip", "!set ")).toEqual({ key: "tier", value: "vip" });
    expect(parseSetCommand("  !SET Company  Acme Corp ", "!set ")).toEqual({ key: "company", value: "Acme Corp" });
    expect(parseSetCommand("!set", "!set ")).toEqual({ key: "", value: "" });
    expect(parseSetCommand("!settle this", "!set ")).toBeNull();
    expect(parseSetCommand("set tier vip", "!set ")).toBeNull();
    expect(parseSetCommand("!set tier vip", undefined)).toBeNull();

    const slack = { replyPrefix: "!reply ", notePrefix: "!note ", setPrefix: "!set " };
    expect(slackClassify("!set tier vip", { ...slack, repliesByDefault: true })).toEqual({ kind: "set_attribute", key: "tier", value: "vip" });
    expect(slackClassify("!note !set tier vip", { ...slack, repliesByDefault: true })).toEqual({ kind: "note", text: "!set tier vip" });
    expect(slackClassify("!reply !set tier vip", { ...slack, repliesByDefault: false })).toEqual({ kind: "reply", text: "!set tier vip" });
    const discord = { replyPrefix: "!reply ", notePrefix: "!note ", setPrefix: "!set " };
    expect(discordClassify("!set tier vip", discord, true)).toEqual({ kind: "set_attribute", key: "tier", value: "vip" });
    expect(discordClassify("!note !set tier vip", discord, true)).toEqual({ kind: "note", text: "!set tier vip" });
  });

  it("Slack and Discord cards show the contact's attributes", () => {
    const view = { ...threadView(), contact: { id: "ct1", name: "Ana Müller", attributes: [{ key: "tier", label: "Tier", value: "vip" }] } };
    const blocks = JSON.stringify(renderCard(view, { mention: [], cannedNames: [], targetNames: [] }).blocks);
    expect(blocks).toContain("*Customer attributes*\\n• *Tier*: vip");
    expect(cardEmbed(view).fields).toContainEqual({ name: "Customer attributes", value: "**Tier:** vip", inline: false });
    // No attributes: no empty section.
    expect(JSON.stringify(renderCard(threadView(), { mention: [], cannedNames: [], targetNames: [] }).blocks)).not.toContain("Customer attributes");
    expect(cardEmbed(threadView()).fields?.some((f) => f.name === "Customer attributes")).toBe(false);
  });

  describe("the desk inside the real hub", () => {
    const clock = manualClock(new Date("2026-11-24T10:00:00Z"));
    let t: TestHub;
    let slack: RecordingBot;
    let n = 0;
    beforeAll(async () => {
      slack = recordingBot("slack");
      t = await startTestHub({ clock, configYaml: escalationConfig(), overrides: { botOverrides: { slack } } });
    });
    afterAll(async () => {
      await t.stop();
    });

    async function escalated(): Promise<{ conversationId: string; contactId: string }> {
      const [m] = await t.hub.ingest([webInbound(`vis_set_${++n}`, CHARGEBACK)]);
      await t.hub.settle();
      return { conversationId: m!.conversationId, contactId: m!.contactId };
    }

    it("`set_attribute` writes the checked value on the contact with the agent as actor, and the card shows it", async () => {
      const { conversationId, contactId } = await escalated();
      const result = await t.hub.desk.handle({ conversationId, actor: AGENTS.mia, externalId: "set-1", kind: "set_attribute", key: "Tier", value: "VIP" });
      expect(result).toEqual({ ok: true, message: "Tier set to vip.", data: { key: "tier", value: "vip" } });
      expect((await t.store.getContact(contactId))?.profile.tier).toBe("vip");
      const events = await t.store.listEvents({ contactId, type: "contact.attributes_set" });
      expect(events.map((e) => [e.actor, e.conversationId, e.data])).toEqual([
        ["agent:mia", conversationId, { keys: ["tier"], removed: [], name: false, source: "agent" }],
      ]);
      await eventually(() => {
        const last = slack
          .of("update")
          .filter((u) => u.view.conversation.id === conversationId)
          .at(-1);
        expect(last?.view.contact.attributes).toEqual([{ key: "tier", label: "Tier", value: "vip" }]);
      });
      // A platform retry of the same action is a duplicate; the same value again is a no-op with a message.
      expect(await t.hub.desk.handle({ conversationId, actor: AGENTS.mia, externalId: "set-1", kind: "set_attribute", key: "tier", value: "vip" })).toEqual({
        ok: true,
        duplicate: true,
      });
      expect(
        await t.hub.desk.handle({ conversationId, actor: AGENTS.mia, externalId: "set-2", kind: "set_attribute", key: "tier", value: "vip" }),
      ).toMatchObject({ ok: true, message: "Tier is already vip." });
      expect(await t.store.listEvents({ contactId, type: "contact.attributes_set" })).toHaveLength(1);
    });

    it("refuses an unknown attribute, a bad value or a missing value, saying why; nothing is written", async () => {
      const { conversationId, contactId } = await escalated();
      const act = (key: string, value: string, id: string) =>
        t.hub.desk.handle({ conversationId, actor: AGENTS.mia, externalId: id, kind: "set_attribute", key, value });
      expect(await act("tier", "gold", "bad-1")).toEqual({ ok: false, error: "invalid", message: 'Attribute "tier": expected one of standard, vip.' });
      expect(await act("plan", "pro", "bad-2")).toEqual({ ok: false, error: "invalid", message: 'Unknown attribute "plan" (declared: tier).' });
      expect(await act("tier", "", "bad-3")).toMatchObject({ ok: false, error: "invalid", message: expect.stringContaining("set tier vip") });
      expect(
        await t.hub.desk.handle({ conversationId, actor: AGENTS.stranger, externalId: "bad-4", kind: "set_attribute", key: "tier", value: "vip" }),
      ).toMatchObject({ ok: false, error: "unknown_agent" });
      expect((await t.store.getContact(contactId))?.profile.tier).toBeUndefined();
    });
  });
});
