import { MODULES } from "../../../src/app/modules.js";
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CHANNEL_MODULES } from "../../../src/adapters/registry.js";
import { createWhatsappModule, whatsappChannel } from "../../../src/adapters/whatsapp/index.js";
import { phoneOfChatId } from "../../../src/adapters/whatsapp/decode.js";
import { loadConfigText } from "../../../src/core/config/load.js";
import { ConfigError } from "../../../src/core/errors.js";
import { planChannels } from "../../../src/app/channel-plan.js";
import { systemClock } from "../../../src/core/clock.js";
import { silentLogger } from "../../../src/core/logger.js";
import { fakeClientFactory } from "../../fakes/whatsapp-web-client.js";
import { SHIPPED_CONFIG, withoutChannel } from "../../helpers/hub.js";

const load = (yaml: string, env: Record<string, string> = {}) => loadConfigText(yaml, "threadline.yaml", env, MODULES);

describe("whatsapp channel module", () => {
  it("is registered, and the shipped config has it off (it needs a phone to scan a QR code)", () => {
    expect(CHANNEL_MODULES).toContain(whatsappChannel);
    const loaded = load(SHIPPED_CONFIG);
    const plan = planChannels(loaded.config, CHANNEL_MODULES, loaded.missingEnv).find((p) => p.id === "whatsapp");
    expect(plan).toMatchObject({ state: "off", reason: "enabled: false" });
  });

  it("takes the system Chromium from PUPPETEER_EXECUTABLE_PATH, defaulting to /usr/bin/chromium", () => {
    const enabled = SHIPPED_CONFIG.replace(/(\n  whatsapp:[^\n]*\n    enabled: )false/, "$1true");
    expect(enabled).not.toBe(SHIPPED_CONFIG);
    const section = (env: Record<string, string>) => load(enabled, env).config.channels.whatsapp as Record<string, unknown>;
    expect(section({})).toMatchObject({ enabled: true, chromium_path: "/usr/bin/chromium", session_dir: "whatsapp-session", groups: false, headless: true });
    expect(section({}).admin_token).toBeUndefined();
    expect(section({ PUPPETEER_EXECUTABLE_PATH: "/snap/bin/chromium", WHATSAPP_ADMIN_TOKEN: "a".repeat(20) })).toMatchObject({
      chromium_path: "/snap/bin/chromium",
      admin_token: "a".repeat(20),
    });
    const loaded = load(enabled);
    expect(planChannels(loaded.config, CHANNEL_MODULES, loaded.missingEnv).find((p) => p.id === "whatsapp")).toMatchObject({ state: "on" });
  });

  it("rejects a short admin token and a session directory outside the data directory", () => {
    const base = withoutChannel(SHIPPED_CONFIG, "whatsapp").trimEnd();
    expect(() => load(`${base}\n  whatsapp:\n    admin_token: short\n`)).toThrow(ConfigError);
    expect(() => load(`${base}\n  whatsapp:\n    admin_token: short\n`)).toThrow(/16 random characters/);
    expect(() => load(`${base}\n  whatsapp:\n    session_dir: ../elsewhere\n`)).toThrow(/session_dir/);
    expect(() => load(`${base}\n  whatsapp:\n    session_dir: /etc/wa\n`)).toThrow(/session_dir/);
  });

  it("keeps the session in the same directory under the data dir across restarts, readable by the owner only", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tl-wa-mod-"));
    const seen: string[] = [];
    for (let run = 0; run < 2; run++) {
      const clients = fakeClientFactory();
      const module = createWhatsappModule({ clientFactory: clients.factory, terminal: () => undefined });
      const adapter = await module.create(module.configSchema.parse({ client_id: "shop" }), {
        logger: silentLogger(),
        clock: systemClock,
        dataDir,
        publicUrl: "http://localhost",
        history: async () => [],
      });
      await adapter.start({ ingest: async () => [], deliveryUpdate: async () => undefined });
      seen.push(clients.last().options.sessionDir);
      expect(clients.last().options.clientId).toBe("shop");
      await adapter.stop();
    }
    expect(seen).toEqual([join(dataDir, "whatsapp-session"), join(dataDir, "whatsapp-session")]);
    expect(statSync(seen[0]!).mode & 0o777).toBe(0o700);
  });

  it("reads phone numbers only from personal chat ids", () => {
    expect(phoneOfChatId("4915123456789@c.us")).toBe("+4915123456789");
    expect(phoneOfChatId("120363025246125888@g.us")).toBeNull();
    expect(phoneOfChatId("204837266178123@lid")).toBeNull();
    expect(phoneOfChatId("status@broadcast")).toBeNull();
  });
});
