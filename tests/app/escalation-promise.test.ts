import { afterEach, describe, expect, it } from "vitest";
import { alwaysOpenConfig, startTestHub, type TestHub } from "../helpers/hub.js";

/** The shipped config with only Slack targets (as before the inbox), so without a Slack token no escalation can be delivered. */
function slackOnly(): string {
  return alwaysOpenConfig()
    .replace(/^    inbox: .*\n/m, "")
    .replace(/targets: \[inbox, /g, "targets: [");
}

describe("what the customer is promised when a conversation is escalated", () => {
  let t: TestHub | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  async function escalate(configYaml: string): Promise<string> {
    t = await startTestHub({ configYaml, knowledge: true });
    const [o] = await t.hub.ingest([
      {
        channel: "web",
        externalId: "v1:1",
        sender: { kind: "web", value: "v1", name: null },
        address: { visitorId: "v1" },
        text: "I will file a chargeback with my bank",
        attachments: [],
        receivedAt: new Date(),
      },
    ]);
    await t.hub.settle();
    const conversation = await t.store.getConversation(o!.conversationId);
    expect(conversation).toMatchObject({ owner: "human", queue: "billing" });
    return (await t.store.listMessages(o!.conversationId, { direction: "outbound" })).at(-1)!.text;
  }

  it("shipped config (the inbox can always deliver): the queue's reply time", async () => {
    expect(await escalate(alwaysOpenConfig())).toMatch(/passed this to our Billing team.*They usually reply within 1 hour\./);
  });

  it("no target for the queue can deliver (Slack only, no token): no reply time is promised, the customer is told honestly", async () => {
    const text = await escalate(slackOnly());
    expect(text).not.toMatch(/usually reply|hear from them|pick it up/);
    expect(text).toMatch(/noted this for our Billing team.*Nobody from the team is available here right now, so I can't say when they will reply/);
  });
});
