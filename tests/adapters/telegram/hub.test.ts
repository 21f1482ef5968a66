import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { alwaysOpenConfig, startTestHub, type TestHub } from "../../helpers/hub.js";
import { startTelegramStandIn, type TelegramStandIn } from "../../fakes/telegram-bot-api.js";
import { eventually } from "./helpers.js";

let api: TelegramStandIn;
let hub: TestHub | null = null;
beforeEach(async () => {
  api = await startTelegramStandIn();
});
afterEach(async () => {
  await hub?.stop();
  hub = null;
  await api.close();
});

/** The shipped config plus a telegram section the way an admin writes it (token from the environment). */
function configWithTelegram(): string {
  // Drop a telegram section the shipped config may gain, so ours is the only one.
  const base = alwaysOpenConfig().replace(/\n  telegram:.*\n(?:(?: {4,}.*| *#.*)?\n)*/, "\n");
  expect(base).toMatch(/\nchannels:\n/);
  return base.replace("\nchannels:\n", `\nchannels:\n  telegram:\n    token: \${TELEGRAM_BOT_TOKEN}\n    api_root: ${api.apiRoot}\n`);
}

const customer = { id: 4242, is_bot: false, first_name: "Grace" };
const chat = { id: 4242, type: "private", first_name: "Grace" };

describe("telegram in the real hub", () => {
  it("stores a message once even when Telegram delivers it twice, and the reply reaches sendMessage", async () => {
    hub = await startTestHub({ configYaml: configWithTelegram(), env: { TELEGRAM_BOT_TOKEN: api.token } });
    expect(hub.hub.plan.find((p) => p.id === "telegram")).toMatchObject({ state: "on" });
    const update = { message: { message_id: 9, date: Math.floor(Date.now() / 1000), chat, from: customer, text: "Hello, where is my parcel?" } };
    api.queueUpdate(update);
    await eventually(async () => (await hub!.store.findMessageByExternalId("telegram", "4242:9")) !== null, 5000, "message stored");
    // The same message again (e.g. redelivered after a crash before the offset was confirmed).
    const again = api.queueUpdate(update);
    await eventually(() => api.confirmedOffset() > again, 5000, "redelivery handled");
    const stored = await hub.store.findMessageByExternalId("telegram", "4242:9");
    const messages = await hub.store.listMessages(stored!.conversationId, { limit: 50 });
    expect(messages.filter((m) => m.direction === "inbound").map((m) => m.externalId)).toEqual(["4242:9"]);

    await hub.hub.settle();
    const reply = await api.waitForCall("sendMessage");
    expect(reply.body).toMatchObject({ chat_id: "4242", text: expect.any(String) });
    const ready = (await fetch(`${hub.url}/readyz`).then((r) => r.json())) as { checks: Record<string, { ok: boolean; detail: string }> };
    expect(ready.checks["channel:telegram"]).toEqual({ ok: true, detail: "polling as @shop_bot" });
  });

  it("without TELEGRAM_BOT_TOKEN the channel is reported disabled and the hub still starts", async () => {
    hub = await startTestHub({ configYaml: configWithTelegram(), env: {} });
    expect(hub.hub.plan.find((p) => p.id === "telegram")).toMatchObject({ state: "disabled", reason: expect.stringContaining("TELEGRAM_BOT_TOKEN") });
    expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
    expect(api.calls).toHaveLength(0);
  });
});
