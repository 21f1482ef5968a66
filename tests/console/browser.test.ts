import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerAgentsCommand } from "../../src/cli/commands/agents.js";
import { startTestHub, type TestHub } from "../helpers/hub.js";
import { runCommand } from "../knowledge/helpers/kb-cli.js";
import { consoleConfig, PASSWORD } from "./helpers.js";

/**
 * The console in real headless Chromium against the real hub (shipped
 * config, temp SQLite store), next to a customer in the web-chat widget:
 * sign in with the link `threadline agents invite` prints, see a chargeback
 * escalation appear live, answer it, and the customer reads the answer.
 * Screenshots go to docs/img/ (README and docs/console.md show them).
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
const REPLY = "Hi, this is Ada from Billing. I have stopped the charge; no need for a chargeback.";

if (!haveChromium && process.env.CI === "true") {
  describe("console in headless Chromium", () => {
    it("needs a Chromium binary in CI", () => {
      throw new Error(`Chromium not found at ${CHROMIUM_PATH}. Install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.`);
    });
  });
}

const title = `console in headless Chromium${haveChromium ? "" : ` (skipped: no Chromium at ${CHROMIUM_PATH}; install it or set CHROMIUM_PATH)`}`;

describe.skipIf(!haveChromium)(title, () => {
  let browser: Browser;
  let hub: TestHub;

  beforeAll(async () => {
    // A short undo window, so the reply leaves the outbox within a second.
    const yaml = consoleConfig((y) => y.replace(/^  undo_window: .*$/m, "  undo_window: 1s"));
    [browser, hub] = await Promise.all([
      chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS }),
      startTestHub({ configYaml: yaml, knowledge: true }),
    ]);
    writeFileSync(join(hub.dataDir, "threadline.yaml"), yaml.replace(/^  data_dir: .*$/m, `  data_dir: ${JSON.stringify(hub.dataDir)}`));
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  it("signs in with the invite link, sees a web-chat escalation arrive live, replies, and the customer's widget shows the reply", async () => {
    // The link as an admin gets it: the real CLI command against the hub's store.
    const cli = await runCommand(registerAgentsCommand, ["agents", "invite", "admin", "--config", join(hub.dataDir, "threadline.yaml")], {
      env: { PUBLIC_URL: hub.url },
    });
    expect(cli.stderr).toBe("");
    const link = /(http\S+\/console\/invite#\S+)/.exec(cli.stdout)?.[1];
    expect(link).toMatch(new RegExp(`^${hub.url}/console/invite#[A-Za-z0-9_-]{43}$`));

    const agentContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const customerContext = await browser.newContext({ viewport: { width: 1000, height: 760 } });
    const agent = await agentContext.newPage();
    const customer = await customerContext.newPage();
    const errors: string[] = [];
    for (const p of [agent, customer]) p.on("pageerror", (e) => errors.push(String(e)));
    try {
      // Set the password from the invite link; the console opens on the inbox.
      await agent.goto(link!);
      await agent.getByTestId("invite").waitFor();
      await agent.getByLabel("New password").fill(PASSWORD);
      await agent.getByLabel("Repeat it").fill(PASSWORD);
      await agent.getByRole("button", { name: "Set password and sign in" }).press("Enter");
      await agent.getByTestId("agent-name").waitFor();
      expect(await agent.getByTestId("agent-name").textContent()).toContain("Ada Admin");
      expect(new URL(agent.url()).hash).toBe(""); // the token left the address bar
      await agent.getByTestId("inbox-empty").waitFor();

      // A customer on the demo shop page threatens a chargeback.
      await customer.goto(`${hub.url}/`);
      await customer.getByTestId("launcher").click();
      const input = customer.getByTestId("input");
      await input.fill("I will file a chargeback with my bank");
      await input.press("Enter");

      // It appears in the agent's inbox without a reload.
      const row = agent.getByTestId("inbox-row");
      await row.first().waitFor({ timeout: 20_000 });
      expect(await row.count()).toBe(1);
      expect(await row.first().textContent()).toMatch(/Web chat.*Billing/);
      expect(await agent.getByTestId("announce").textContent()).toBe("New escalation in your inbox.");
      mkdirSync("docs/img", { recursive: true });
      await agent.screenshot({ path: "docs/img/console-inbox.png" });

      // Open it (keyboard), read the card, reply.
      await row.first().focus();
      await agent.keyboard.press("Enter");
      await agent.getByTestId("handoff").waitFor();
      expect(await agent.getByTestId("handoff").textContent()).toMatch(/chargeback/i);
      await expect.poll(() => agent.getByTestId("message").count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
      const composer = agent.getByTestId("composer-text");
      await composer.fill(REPLY);
      await composer.press("Control+Enter");
      await agent.getByTestId("message").filter({ hasText: REPLY }).waitFor();
      expect(await composer.inputValue()).toBe("");

      // The customer's widget shows the reply (through the desk, the outbox and the web chat's socket).
      await customer.getByTestId("message").filter({ hasText: REPLY }).waitFor({ timeout: 20_000 });
      // The console sees it delivered.
      await expect
        .poll(() => agent.getByTestId("message").filter({ hasText: REPLY }).getByTestId("delivery").textContent(), { timeout: 15_000 })
        .toMatch(/sent|delivered|read/);
      expect(await agent.getByTestId("status").textContent()).toBe("open");
      await agent.screenshot({ path: "docs/img/console-conversation.png" });

      // Resolve it: it leaves the waiting list.
      await agent.getByTestId("resolve").click();
      await expect.poll(() => agent.getByTestId("status").textContent()).toBe("resolved");
      expect(errors).toEqual([]);
    } finally {
      await agentContext.close();
      await customerContext.close();
    }
  }, 90_000);

  it("is usable on a phone: the inbox and a conversation fit the screen", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page: Page = await context.newPage();
    try {
      await page.goto(`${hub.url}/console`);
      await page.getByTestId("sign-in").waitFor();
      await page.getByLabel("Agent id or e-mail").fill("admin");
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByTestId("view-resolved").click();
      await page.getByTestId("inbox-row").first().click();
      await page.getByTestId("composer").waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
    } finally {
      await context.close();
    }
  }, 60_000);
});
