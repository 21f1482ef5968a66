import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIdentity } from "../../../src/adapters/web/identity.js";
import { escalationConfig, recordingBot } from "../../core/escalation/helpers.js";
import { startTestHub, type TestHub } from "../../helpers/hub.js";

/**
 * The widget with a signed identity from the host page, in real headless
 * Chromium against the real hub: a signed-in VIP's first message is
 * escalated by the shipped vip rule; signing out starts a new anonymous session.
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
const SECRET = "identity-secret-for-browser-0123456789";

if (!haveChromium && process.env.CI === "true") {
  describe("widget signed identity in headless Chromium", () => {
    it("needs a Chromium binary in CI", () => {
      throw new Error(`Chromium not found at ${CHROMIUM_PATH}. Install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.`);
    });
  });
}

const title = `widget signed identity in headless Chromium${haveChromium ? "" : ` (skipped: no Chromium at ${CHROMIUM_PATH}; install it or set CHROMIUM_PATH)`}`;

describe.skipIf(!haveChromium)(title, () => {
  let browser: Browser;
  let hub: TestHub;

  beforeAll(async () => {
    [browser, hub] = await Promise.all([
      chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS }),
      startTestHub({ configYaml: escalationConfig(), env: { WEB_IDENTITY_SECRET: SECRET }, overrides: { botOverrides: { slack: recordingBot("slack") } } }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  const visitorIdOf = async (page: Page): Promise<string> => {
    const token = await page.evaluate(() => localStorage.getItem("threadline.token"));
    return Buffer.from(token!.split(".")[0]!, "base64url").toString("utf8");
  };

  it("identifies the signed-in shopper before the first message; the vip rule escalates; signing out starts over", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    const identity = { user_id: "shop-7", email: "vip7@example.com", name: "Vic Seven", attributes: { tier: "vip" }, exp: Math.floor(Date.now() / 1000) + 600 };
    // What the host page renders from its server: the payload and its signature, before the widget's script tag.
    await page.addInitScript(
      ({ identity, signature }) => {
        (window as unknown as { threadlineSettings: unknown }).threadlineSettings = { identity, signature };
      },
      { identity, signature: signIdentity(SECRET, identity) },
    );
    try {
      await page.goto(`${hub.url}/`);
      await expect.poll(() => page.evaluate(() => localStorage.getItem("threadline.user")), { timeout: 15_000 }).toBe("shop-7");
      const visitorId = await visitorIdOf(page);
      const contact = await hub.store.findContactByIdentity({ kind: "web", value: visitorId });
      expect(contact).toMatchObject({ name: "Vic Seven", profile: { tier: "vip" } });

      await page.getByTestId("launcher").click();
      await page.getByTestId("input").fill("Hello, a question about my tent");
      await page.getByTestId("input").press("Enter");
      await expect.poll(async () => (await hub.store.listConversations({ contactId: contact!.id }))[0]?.handoff?.rule ?? null, { timeout: 15_000 }).toBe("vip");

      // Signed out: the next page has no identity, so the widget drops the signed-in session.
      const anonymous = await context.newPage();
      await anonymous.goto(`${hub.url}/`);
      await expect.poll(() => anonymous.evaluate(() => localStorage.getItem("threadline.user")), { timeout: 15_000 }).toBeNull();
      await expect.poll(() => visitorIdOf(anonymous), { timeout: 15_000 }).not.toBe(visitorId);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
