import { existsSync, mkdirSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordingAdapter, type RecordingAdapter } from "../helpers/fakes.js";
import { greetingOnlyConfig, startTestHub, type TestHub } from "../helpers/hub.js";
import { consoleConfig, PASSWORD, signedIn } from "./helpers.js";

/**
 * The Resend button in real headless Chromium: a reply the channel refused
 * for good shows "not delivered" with the error; one click queues it again
 * and the page follows it to "sent". Screenshot: docs/img/console-resend.png.
 */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM_PATH);
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

if (!haveChromium && process.env.CI === "true") {
  describe("console resend in headless Chromium", () => {
    it("needs a Chromium binary in CI", () => {
      throw new Error(`Chromium not found at ${CHROMIUM_PATH}. Install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.`);
    });
  });
}

describe.skipIf(!haveChromium)(`console resend in headless Chromium${haveChromium ? "" : " (skipped: no Chromium)"}`, () => {
  let browser: Browser;
  let hub: TestHub;
  let web: RecordingAdapter;
  let telegram: RecordingAdapter;

  beforeAll(async () => {
    web = recordingAdapter("web");
    telegram = recordingAdapter("telegram");
    // A short undo window, so an agent's reply reaches the channel within a second.
    const yaml = greetingOnlyConfig(consoleConfig((y) => y.replace(/^  undo_window: .*$/m, "  undo_window: 1s")));
    [browser, hub] = await Promise.all([
      chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS }),
      startTestHub({ configYaml: yaml, overrides: { adapterOverrides: { web, telegram } } }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  it("shows a failed reply with its error and resends it with one click, on its channel or another the customer wrote on", async () => {
    await signedIn(hub, "admin"); // sets the admin's password
    web.failNext.push({ kind: "invalid_recipient" });
    const [o] = await hub.hub.ingest([
      {
        channel: "web",
        externalId: "b1",
        sender: { kind: "web", value: "v-browser", name: "Ana" },
        address: { visitorId: "v-browser" },
        text: "Where is my parcel?",
        attachments: [],
        receivedAt: new Date(),
      },
    ]);
    await hub.hub.settle();
    // The same customer on Telegram (linked identity): the conversation can reach both channels.
    await hub.store.addIdentity(o!.contactId, { kind: "telegram", value: "5150" }, []);
    await hub.hub.ingest([
      {
        channel: "telegram",
        externalId: "b2",
        sender: { kind: "telegram", value: "5150" },
        address: { chatId: "5150" },
        text: "Hello?",
        attachments: [],
        receivedAt: new Date(),
      },
    ]);
    await hub.hub.settle();

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    try {
      await page.goto(`${hub.url}/console/c/${o!.conversationId}`);
      await page.getByTestId("sign-in").waitFor();
      await page.getByLabel("Agent id or e-mail").fill("admin");
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();

      const failed = page.getByTestId("message").filter({ has: page.getByTestId("delivery-error") });
      await failed.waitFor();
      expect(await failed.getByTestId("delivery-error").textContent()).toBe("not delivered: invalid_recipient: simulated invalid_recipient");
      expect(await failed.getByTestId("resend-via-telegram").textContent()).toBe("Resend via Telegram");
      mkdirSync("docs/img", { recursive: true });
      await page.screenshot({ path: "docs/img/console-resend.png" });
      expect(web.sent).toHaveLength(0);

      await failed.getByTestId("resend").click();
      await expect.poll(() => page.getByRole("status").textContent()).toBe("Resent on Web chat.");
      // The failed one says it was resent (no second button); the new one goes out and the page follows it.
      await failed.getByTestId("resent").waitFor();
      expect(await page.getByTestId("resend").count()).toBe(0);
      const outbound = page.locator('[data-testid="message"][data-direction="outbound"]');
      await expect.poll(() => outbound.count()).toBe(2);
      await expect.poll(() => outbound.nth(1).getByTestId("delivery").textContent(), { timeout: 15_000 }).toMatch(/^sent|delivered/);
      expect(web.sent).toHaveLength(1);

      // An agent's reply goes to Telegram (where the customer wrote last) and is refused for good: the page shows it
      // without a reload, and it goes out on the web chat instead.
      telegram.failNext.push({ kind: "invalid_recipient" });
      const composer = page.getByTestId("composer-text");
      await composer.fill("Your parcel is in the locker at the station.");
      await composer.press("Control+Enter");
      const agentReply = page.getByTestId("message").filter({ hasText: "Your parcel is in the locker" });
      await agentReply.getByTestId("delivery-error").waitFor({ timeout: 15_000 });
      await agentReply.getByTestId("resend-via-web").click();
      await expect.poll(() => page.getByRole("status").textContent()).toBe("Resent on Web chat.");
      await expect.poll(() => web.sent.map((m) => m.message.text), { timeout: 15_000 }).toContain("Your parcel is in the locker at the station.");
      expect(telegram.sent).toHaveLength(0);
      const resent = await hub.store.listEvents({ conversationId: o!.conversationId, type: "reply.resent" });
      expect(resent.map((e) => [e.actor, e.data.fromChannel, e.data.channel])).toEqual([
        ["agent:admin", "web", "web"],
        ["agent:admin", "telegram", "web"],
      ]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
