import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, withoutChannel, type TestHub } from "../../helpers/hub.js";
import { CHARGEBACK, escalationConfig, eventually, recordingBot, type RecordingBot } from "../../core/escalation/helpers.js";
import { postWebhook, startGraphApi, webhook, type GraphApiStandIn } from "../../fakes/graph-api.js";
import { ACCESS_TOKEN, APP_SECRET, PHONE_NUMBER_ID, VERIFY_TOKEN } from "./helpers.js";

const ENV = { WHATSAPP_ACCESS_TOKEN: ACCESS_TOKEN, WHATSAPP_APP_SECRET: APP_SECRET, WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN };
const WA_ID = "4917612345678";

/** The escalation test config (Slack target served by the recording bot) with WhatsApp Cloud pointing at the Graph API stand-in. */
function config(apiBase: string): string {
  return `${withoutChannel(escalationConfig(), "whatsapp-cloud").trimEnd()}
  whatsapp-cloud:
    enabled: true
    access_token: \${WHATSAPP_ACCESS_TOKEN}
    app_secret: \${WHATSAPP_APP_SECRET}
    verify_token: \${WHATSAPP_VERIFY_TOKEN}
    phone_number_id: "${PHONE_NUMBER_ID}"
    api_base: ${apiBase}
`;
}

describe("WhatsApp Cloud orders and edits reach the agents' thread", () => {
  let graph: GraphApiStandIn;
  let slack: RecordingBot;
  let t: TestHub;

  beforeAll(async () => {
    graph = await startGraphApi({ accessToken: ACCESS_TOKEN });
    slack = recordingBot("slack");
    t = await startTestHub({ configYaml: config(graph.url), env: ENV, overrides: { botOverrides: { slack } } });
  });
  afterAll(async () => {
    await t?.stop();
    await graph?.close();
  });

  const post = async (message: Record<string, unknown>) =>
    expect((await postWebhook(`${t.url}/api/whatsapp/webhook`, webhook.message(PHONE_NUMBER_ID, WA_ID, message), APP_SECRET)).status).toBe(200);

  it("mirrors an order's text into the escalation thread, and a later edit as 'edited: old → new'", async () => {
    await post({ id: "wamid.AS1", type: "text", text: { body: CHARGEBACK } });
    await eventually(() => expect(slack.opened).toHaveLength(1));
    await t.hub.settle();

    await post({
      id: "wamid.AS2",
      type: "order",
      order: { catalog_id: "1537277133775245", product_items: [{ product_retailer_id: "BOOT-TRAIL-42", quantity: 1, item_price: 129.99, currency: "EUR" }] },
    });
    const orderText = "Order from catalog 1537277133775245:\n- 1 × BOOT-TRAIL-42 at 129.99 EUR\nTotal: 129.99 EUR";
    await eventually(() => expect(slack.of("mirror").map((c) => c.entry.message.text)).toContain(orderText));

    const corrected = CHARGEBACK.replace("1042", "1043");
    await post({ id: "wamid.AS3", type: "edit", edit: { original_message_id: "wamid.AS1", message: { type: "text", text: { body: corrected } } } });
    await eventually(() => expect(slack.of("mirror").map((c) => c.entry.message.text)).toContain(`edited: ${CHARGEBACK} → ${corrected}`));
    await t.hub.settle();
    const stored = (await t.store.findMessageByExternalId("whatsapp-cloud", "wamid.AS1"))!;
    expect(stored.text).toBe(corrected);
    expect(await t.store.findMessageByExternalId("whatsapp-cloud", "wamid.AS3")).toBeNull();
    const order = (await t.store.findMessageByExternalId("whatsapp-cloud", "wamid.AS2"))!;
    expect(order.attachments.map((a) => a.name)).toEqual(["whatsapp-order.json"]);
  });
});
