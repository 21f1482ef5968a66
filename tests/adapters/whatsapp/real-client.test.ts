import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, createRealClient } from "../../../src/adapters/whatsapp/real-client.js";

/**
 * The real whatsapp-web.js Client, built through the production factory but
 * never initialized: initialize() would launch Chromium and open
 * web.whatsapp.com, which cannot log in without a phone (and is unreachable
 * here). Everything after construction is covered with the stand-in client.
 */
describe("the real whatsapp-web.js client factory", () => {
  it("wires LocalAuth to the session directory and puppeteer to the system Chromium, without starting a browser", async () => {
    const sessionDir = join(mkdtempSync(join(tmpdir(), "tl-wa-real-")), "whatsapp-session");
    const client = await createRealClient({ sessionDir, clientId: "shop", executablePath: "/opt/chromium/chrome", headless: true });
    const real = client as unknown as {
      options: { puppeteer: { executablePath: string; headless: boolean; args: string[] }; qrMaxRetries: number; takeoverOnConflict: boolean };
      authStrategy: { constructor: { name: string }; dataPath: string; clientId: string };
      pupBrowser: unknown;
    };
    expect(real.authStrategy.constructor.name).toBe("LocalAuth");
    expect(real.authStrategy.dataPath).toBe(sessionDir);
    expect(real.authStrategy.clientId).toBe("shop");
    expect(real.options.puppeteer).toMatchObject({ executablePath: "/opt/chromium/chrome", headless: true });
    expect(real.options.puppeteer.args).toEqual(expect.arrayContaining(["--no-sandbox", "--disable-dev-shm-usage"]));
    expect(real.options.puppeteer.args).toEqual([...CHROMIUM_ARGS]);
    expect(real.options.qrMaxRetries).toBe(0);
    expect(real.pupBrowser).toBeNull();
    // LocalAuth creates its directory only when the browser is about to start.
    expect(existsSync(sessionDir)).toBe(false);
    // It is the EventEmitter the adapter expects, with the methods it calls.
    for (const method of ["initialize", "sendMessage", "destroy", "getMessageById", "on"] as const) {
      expect(typeof (client as unknown as Record<string, unknown>)[method]).toBe("function");
    }
  });
});
