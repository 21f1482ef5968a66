import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readRawPayload } from "../../../src/adapters/raw-payload.js";
import { manualClock } from "../../../src/core/clock.js";
import { postWebhook, webhook } from "../../fakes/graph-api.js";
import { APP_SECRET, PHONE_NUMBER_ID, startAdapterServer, type AdapterServer } from "./helpers.js";

const WA_ID = "4915112345678";

/*
 * Fixtures. The shapes follow Meta's webhook references for the WhatsApp
 * Business Platform ("Order messages webhook reference", "Contacts messages
 * webhook reference", "Edit messages webhook reference") and the WhatsApp
 * Flows guide "Receiving Flow Response" (interactive.nfm_reply with
 * response_json as a JSON string); the "unsupported" message with error
 * 131051 is the one reported in restfb/restfb#1239. Ids, names, numbers,
 * SKUs and prices are synthetic (written for these tests).
 */
const ORDER = {
  id: "wamid.HBgNNDkxNTExMjM0NTY3OBUCABIYFjNFQjBGQ0ExRDYxMzY0RDBFNEE3AA==",
  type: "order",
  order: {
    catalog_id: "1537277133775245",
    text: "Please gift-wrap the socks",
    product_items: [
      { product_retailer_id: "BOOT-TRAIL-42", quantity: 2, item_price: 129.99, currency: "EUR" },
      { product_retailer_id: "SOCK-MERINO-M", quantity: 3, item_price: 0.1, currency: "EUR" },
    ],
  },
};
const CONTACTS = {
  id: "wamid.CONTACTS1",
  type: "contacts",
  contacts: [
    {
      name: { formatted_name: "Barbara Johnson", first_name: "Barbara", last_name: "Johnson" },
      phones: [{ phone: "+1 (650) 555-1234", wa_id: "16505551234", type: "WORK" }],
      emails: [{ email: "bjohnson@example.com", type: "WORK" }],
      org: { company: "Lucky Shrub", title: "Manager" },
    },
  ],
};
const FLOW_REPLY = {
  id: "wamid.FLOW1",
  type: "interactive",
  context: { from: "15550783881", id: "wamid.SENTFLOW" },
  interactive: {
    type: "nfm_reply",
    nfm_reply: {
      name: "flow",
      body: "Sent",
      response_json: JSON.stringify({ flow_token: "tl-flow-7c1d", order_number: "NW-10023", reason: "Too small", sizes: ["M", "L"], refund: true }),
    },
  },
};

describe("WhatsApp Cloud: orders, contacts, Flow answers, edits, unknown content", () => {
  let t: AdapterServer;
  const clock = manualClock(new Date());

  beforeAll(async () => {
    t = await startAdapterServer({ clock });
  });
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(() => {
    t.host.ingested.length = 0;
  });

  async function post(message: Record<string, unknown>): Promise<void> {
    expect((await postWebhook(t.webhookUrl, webhook.message(PHONE_NUMBER_ID, WA_ID, message), APP_SECRET)).status).toBe(200);
  }

  it("stores an order as readable lines (items, unit prices, total, note) and keeps the order itself", async () => {
    await post(ORDER);
    const [m] = t.host.ingested;
    expect(m!.text).toBe(
      [
        "Order from catalog 1537277133775245:",
        "- 2 × BOOT-TRAIL-42 at 129.99 EUR",
        "- 3 × SOCK-MERINO-M at 0.10 EUR",
        "Total: 260.28 EUR",
        "Note: Please gift-wrap the socks",
      ].join("\n"),
    );
    expect(m!.attachments).toHaveLength(1);
    expect(m!.attachments[0]).toMatchObject({ kind: "file", name: "whatsapp-order.json", mimeType: "application/json" });
    expect(readRawPayload(m!.attachments[0]!)).toMatchObject({ type: "order", order: ORDER.order });
  });

  it("stores a shared contact card as a line with name, phone, e-mail and company", async () => {
    await post(CONTACTS);
    expect(t.host.ingested[0]!.text).toBe("Contact: Barbara Johnson, +1 (650) 555-1234 (WORK), bjohnson@example.com, Lucky Shrub");
    expect(readRawPayload(t.host.ingested[0]!.attachments[0]!)).toMatchObject({ contacts: CONTACTS.contacts });
  });

  it("shows a Flow's answers as key: value lines (without our flow_token) and keeps response_json", async () => {
    await post(FLOW_REPLY);
    expect(t.host.ingested[0]!.text).toBe(["Form answers:", "order_number: NW-10023", "reason: Too small", "sizes: M, L", "refund: true"].join("\n"));
    expect(readRawPayload(t.host.ingested[0]!.attachments[0]!)).toMatchObject({
      interactive: { nfm_reply: { response_json: FLOW_REPLY.interactive.nfm_reply.response_json } },
    });
  });

  it("turns a Flow reply whose response_json is not a JSON object into a placeholder, never silence", async () => {
    await post({ ...FLOW_REPLY, id: "wamid.FLOW2", interactive: { type: "nfm_reply", nfm_reply: { name: "flow", body: "Sent", response_json: "not json" } } });
    expect(t.host.ingested[0]!.text).toBe("[unsupported WhatsApp content: interactive nfm_reply]");
    expect(readRawPayload(t.host.ingested[0]!.attachments[0]!)).toMatchObject({ id: "wamid.FLOW2" });
  });

  it("decodes an edit as an edit of the original message (editOf), with the new text or caption", async () => {
    await post({
      id: "wamid.EDIT1",
      type: "edit",
      edit: { original_message_id: "wamid.ORIG1", message: { type: "text", text: { body: "Order NW-10024, not NW-10023" } } },
    });
    await post({
      id: "wamid.EDIT2",
      type: "edit",
      edit: { original_message_id: "wamid.ORIG2", message: { type: "image", image: { caption: "the left boot" } } },
    });
    expect(t.host.ingested.map((m) => [m.externalId, m.editOf, m.text])).toEqual([
      ["wamid.EDIT1", "wamid.ORIG1", "Order NW-10024, not NW-10023"],
      ["wamid.EDIT2", "wamid.ORIG2", "the left boot"],
    ]);
  });

  it("keeps an order whose items do not validate as a placeholder with the raw message, never silence", async () => {
    const broken = {
      id: "wamid.BAD1",
      type: "order",
      order: { catalog_id: "1", product_items: [{ product_retailer_id: "X", quantity: "two", item_price: 1, currency: "EUR" }] },
    };
    await post(broken);
    expect(t.host.ingested.map((m) => m.text)).toEqual(["[unsupported WhatsApp content: order (malformed)]"]);
    expect(readRawPayload(t.host.ingested[0]!.attachments[0]!)).toMatchObject({ order: broken.order });
  });

  it("names Meta's reason for content it could not deliver (error 131051)", async () => {
    await post({
      id: "wamid.UNK1",
      type: "unknown",
      errors: [{ code: 131051, details: "Message type is not currently supported", title: "Unsupported message type" }],
    });
    expect(t.host.ingested[0]!.text).toBe("[unsupported WhatsApp content: unknown: Unsupported message type]");
  });
});
