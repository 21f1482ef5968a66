import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { Decider } from "../../../src/core/pipeline/decision.js";
import { alwaysOpenConfig, greetingOnlyConfig, SHIPPED_CONFIG, startTestHub, type TestHub } from "../../helpers/hub.js";

/**
 * The widget in real headless Chromium against the real hub (shipped config,
 * temp SQLite store): type a message, see it stored and see the hub's reply.
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
const GREETING = (parse(SHIPPED_CONFIG) as { messages: { greeting: { en: string } } }).messages.greeting.en;
const TEXT = "Hi, where is my order?";

if (!haveChromium && process.env.CI === "true") {
  describe("web chat widget in headless Chromium", () => {
    it("needs a Chromium binary in CI", () => {
      throw new Error(`Chromium not found at ${CHROMIUM_PATH}. Install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.`);
    });
  });
}

const title = `web chat widget in headless Chromium${haveChromium ? "" : ` (skipped: no Chromium at ${CHROMIUM_PATH}; install it or set CHROMIUM_PATH)`}`;

describe.skipIf(!haveChromium)(title, () => {
  let browser: Browser;
  let hub: TestHub;

  beforeAll(async () => {
    [browser, hub] = await Promise.all([
      chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS }),
      startTestHub({ configYaml: greetingOnlyConfig() }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  const messages = (page: Page) => page.getByTestId("message");
  const stateOf = (page: Page, text: string) => messages(page).filter({ hasText: text }).getByTestId("message-state");

  async function visitorIdOf(page: Page): Promise<string> {
    const token = await page.evaluate(() => localStorage.getItem("threadline.token"));
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    return Buffer.from(token!.split(".")[0]!, "base64url").toString("utf8");
  }

  for (const size of [
    { name: "phone", width: 390, height: 844 },
    { name: "desktop", width: 1280, height: 800 },
  ]) {
    it(`chats on the demo page on a ${size.name} (${size.width}x${size.height}) and keeps the history across a reload`, async () => {
      const phone = size.name === "phone";
      const context: BrowserContext = await browser.newContext({ viewport: { width: size.width, height: size.height }, isMobile: phone, hasTouch: phone });
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on("pageerror", (e) => pageErrors.push(String(e)));
      try {
        await page.goto(`${hub.url}/`);
        expect(await page.title()).toContain("Northwind Outfitters");
        await page.getByTestId("launcher").click();
        const panel = page.getByTestId("panel");
        await panel.waitFor({ state: "visible" });
        const input = page.getByTestId("input");
        expect(await input.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);

        await input.fill(TEXT);
        await input.press("Enter");
        await expect.poll(() => stateOf(page, TEXT).getAttribute("data-state"), { timeout: 15_000 }).toBe("received");
        expect(await stateOf(page, TEXT).textContent()).toContain("✓");
        expect(await input.inputValue()).toBe("");

        // Stored by the hub, as this visitor's message.
        const messageId = await messages(page).filter({ hasText: TEXT }).getAttribute("data-id");
        const stored = await hub.store.getMessage(messageId!);
        expect(stored).toMatchObject({ text: TEXT, direction: "inbound", authorKind: "customer", channel: "web" });
        const visitorId = await visitorIdOf(page);
        expect(stored!.externalId).toMatch(new RegExp(`^${visitorId}:`));
        expect((await hub.store.findMessageByExternalId("web", stored!.externalId!))?.id).toBe(messageId);

        // The hub's reply (the configured greeting) appears, labelled as an automatic message.
        const reply = messages(page).filter({ hasText: GREETING });
        await reply.waitFor({ timeout: 15_000 });
        expect(await reply.getAttribute("data-author")).toBe("system");
        expect(await reply.textContent()).toContain("Automatic message");
        const thread = await hub.store.listMessages(stored!.conversationId);
        expect(thread.map((m) => [m.direction, m.text])).toEqual([
          ["inbound", TEXT],
          ["outbound", GREETING],
        ]);
        // The widget reported the reply as seen: the hub marks it read.
        await expect.poll(async () => (await hub.store.getMessage(thread[1]!.id))?.deliveryState, { timeout: 10_000 }).toBe("read");

        // The panel fits the viewport (full screen on a phone).
        const box = (await panel.boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.y).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(size.width);
        expect(box.y + box.height).toBeLessThanOrEqual(size.height);
        if (phone) {
          expect(box).toEqual({ x: 0, y: 0, width: size.width, height: size.height });
          await page.screenshot({ path: "/tmp/threadline-web-chat-phone.png" });
        }

        // Reload: same visitor (token in localStorage), both messages shown from history.
        await page.reload();
        expect(await visitorIdOf(page)).toBe(visitorId);
        await page.getByTestId("launcher").click();
        await expect
          .poll(() => messages(page).allTextContents(), { timeout: 15_000 })
          .toEqual([expect.stringContaining(TEXT), expect.stringContaining(GREETING)]);
        expect(await stateOf(page, TEXT).getAttribute("data-state")).toBe("received");
        await page.keyboard.press("Escape");
        await panel.waitFor({ state: "hidden" });
        expect(pageErrors).toEqual([]);
      } finally {
        await context.close();
      }
    }, 60_000);
  }
});

describe.skipIf(!haveChromium)(`web chat widget embedded on another site${haveChromium ? "" : " (skipped: no Chromium)"}`, () => {
  // The shop is another origin than the hub (127.0.0.1:<port>): a tiny server on localhost. Both are on
  // loopback, since Chromium does not let a public page load scripts from loopback (local network access).
  let shopServer: Server;
  let shop = "";
  let browser: Browser;
  let hub: TestHub;

  beforeAll(async () => {
    shopServer = createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><html><head><title>Another shop</title><style>* { color: red !important; font-size: 40px !important; }</style></head>
        <body><h1>Another shop</h1><script src="${hub.url}/widget.js" data-open="true" defer></script></body></html>`);
    });
    await new Promise<void>((resolve) => shopServer.listen(0, "127.0.0.1", resolve));
    shop = `http://localhost:${(shopServer.address() as AddressInfo).port}`;
    const configYaml = alwaysOpenConfig().replace("allowed_origins: []", `allowed_origins: ["${shop}"]`);
    expect(configYaml).toContain(shop);
    // The greeting for a new conversation; later messages get a slow AI answer, so the typing dots show meanwhile.
    const decide: Decider = async ({ isNewConversation }) => {
      if (isNewConversation) return { replies: [{ kind: "greeting", text: GREETING, authorKind: "system" }] };
      await new Promise((r) => setTimeout(r, 1500));
      return { replies: [{ kind: "answer", text: "You're welcome! Anything else?", authorKind: "ai" }] };
    };
    [browser, hub] = await Promise.all([
      chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS }),
      startTestHub({ configYaml, overrides: { decide } }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
    shopServer?.close();
  });

  it("opens at load with data-open, and sends over HTTP and polls while the websocket is blocked", async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    let httpPosts = 0;
    page.on("request", (r) => {
      if (r.method() === "POST" && r.url() === `${hub.url}/api/web/messages`) httpPosts++;
    });
    let blocked = true;
    let socketAttempts = 0;
    let readyFrames = 0;
    try {
      await page.routeWebSocket(/\/api\/web\/socket/, (ws) => {
        socketAttempts++;
        if (blocked) return void ws.close({ code: 1011, reason: "blocked by the test" });
        const server = ws.connectToServer();
        ws.onMessage((m) => server.send(m));
        server.onMessage((m) => {
          if (String(m).startsWith('{"type":"ready"')) readyFrames++;
          ws.send(m);
        });
      });
      await page.goto(`${shop}/`);
      await page.getByTestId("panel").waitFor({ state: "visible" });

      await page.getByTestId("input").fill("Do you ship to Norway?");
      await page.getByTestId("send").click();
      await expect.poll(() => stateOf(page, "Do you ship to Norway?").getAttribute("data-state"), { timeout: 15_000 }).toBe("received");
      // The reply arrives by polling /api/web/history.
      await messages(page).filter({ hasText: GREETING }).waitFor({ timeout: 15_000 });
      expect(socketAttempts).toBeGreaterThan(0);
      expect(httpPosts).toBeGreaterThan(0);
      // The host page's CSS does not reach into the widget.
      const color = await page.getByTestId("input").evaluate((el) => getComputedStyle(el).color);
      expect(color).not.toBe("rgb(255, 0, 0)");

      // The socket comes back: the widget reconnects (backoff) and is live again.
      blocked = false;
      await expect.poll(() => readyFrames, { timeout: 20_000 }).toBeGreaterThan(0);
      await page.getByTestId("input").fill("Thanks!");
      await page.keyboard.press("Enter");
      await expect.poll(() => stateOf(page, "Thanks!").getAttribute("data-state"), { timeout: 15_000 }).toBe("received");
      // While the (slow) AI decides, the typing dots show; then its answer replaces them and the message reads as read.
      await page.getByTestId("typing").waitFor({ state: "visible", timeout: 5_000 });
      await messages(page).filter({ hasText: "You're welcome!" }).waitFor({ timeout: 15_000 });
      await page.getByTestId("typing").waitFor({ state: "hidden", timeout: 5_000 });
      expect(await messages(page).filter({ hasText: "You're welcome!" }).getAttribute("data-author")).toBe("ai");
      expect(await stateOf(page, "Thanks!").getAttribute("data-state")).toBe("read");
      expect(await stateOf(page, "Thanks!").textContent()).toContain("✓✓");
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  function messages(page: Page) {
    return page.getByTestId("message");
  }
  function stateOf(page: Page, text: string) {
    return messages(page).filter({ hasText: text }).getByTestId("message-state");
  }
});
