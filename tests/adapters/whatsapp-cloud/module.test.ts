import { MODULES } from "../../../src/app/modules.js";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CHANNEL_MODULES } from "../../../src/adapters/registry.js";
import { whatsappCloudChannel } from "../../../src/adapters/whatsapp-cloud/index.js";
import { hubSignature, verifyHubSignature } from "../../../src/adapters/whatsapp-cloud/signature.js";
import { configJsonSchema } from "../../../src/core/config/json-schema.js";
import { systemClock } from "../../../src/core/clock.js";
import { silentLogger } from "../../../src/core/logger.js";

const schema = whatsappCloudChannel.configSchema;

describe("whatsapp-cloud channel module", () => {
  it("is registered, with its secrets and phone number id required (missing → disabled, not a config error)", () => {
    expect(CHANNEL_MODULES).toContain(whatsappCloudChannel);
    expect(whatsappCloudChannel.id).toBe("whatsapp-cloud");
    expect(whatsappCloudChannel.requiredSecrets).toEqual(["access_token", "app_secret", "verify_token", "phone_number_id"]);
  });

  it("fills defaults", () => {
    expect(schema.parse({ phone_number_id: "106540352242922" })).toEqual({
      enabled: true,
      phone_number_id: "106540352242922",
      api_base: "https://graph.facebook.com",
      api_version: "v21.0",
      webhook_path: "/api/whatsapp/webhook",
    });
  });

  it("rejects unknown keys, bad ids, versions, paths and templates", () => {
    const ok = { phone_number_id: "106540352242922" };
    const bad = [
      { ...ok, unknown: 1 },
      { phone_number_id: 106540352242922 },
      { phone_number_id: "+49 151" },
      { ...ok, api_version: "21" },
      { ...ok, api_base: "graph.facebook.com" },
      { ...ok, webhook_path: "api/whatsapp" },
      { ...ok, window_template: { name: "x" } },
      { ...ok, window_template: { name: "Follow Up", language: "en_US" } },
      { ...ok, window_template: { name: "x", language: "en", extra: 1 } },
    ];
    for (const config of bad) expect(schema.safeParse(config).success, JSON.stringify(config)).toBe(false);
    expect(schema.safeParse({ ...ok, window_template: { name: "csat_survey", language: "de" } }).success).toBe(true);
    expect(schema.safeParse({}).success).toBe(true); // no id: the channel plan reports it disabled
  });

  it("tells the admin to quote a numeric phone number id", () => {
    const r = schema.safeParse({ phone_number_id: 106540352242922 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/quotes/);
  });

  it("describes every key (the editor JSON Schema is generated from it)", () => {
    const json = z.toJSONSchema(schema as z.ZodType, { io: "input" }) as {
      properties: Record<string, { description?: string; properties?: Record<string, { description?: string }> }>;
    };
    for (const [key, prop] of Object.entries(json.properties)) {
      expect(prop.description, key).toBeTruthy();
      for (const [sub, p] of Object.entries(prop.properties ?? {})) expect(p.description, `${key}.${sub}`).toBeTruthy();
    }
    expect(() => configJsonSchema(MODULES)).not.toThrow();
  });

  it("creates an HTTP adapter that reports not started until the hub starts it", async () => {
    const adapter = await whatsappCloudChannel.create(schema.parse({ phone_number_id: "1", access_token: "t", app_secret: "s", verify_token: "v" }), {
      logger: silentLogger(),
      clock: systemClock,
      dataDir: "/nonexistent",
      publicUrl: "http://localhost",
      history: async () => [],
    });
    expect(typeof (adapter as { mount?: unknown }).mount).toBe("function");
    expect(adapter.status()).toEqual({ ok: false, detail: "not started" });
  });
});

describe("X-Hub-Signature-256", () => {
  it("is sha256= and the hex HMAC of the raw body with the app secret", () => {
    // Reference value computed independently: printf '{"a":1}' | openssl dgst -sha256 -hmac secret
    expect(hubSignature("secret", '{"a":1}')).toBe("sha256=aa9e2e3575f5d7098b6caccd790888c36d5fdb63342a73bada2d6a51747a8494");
    const body = Buffer.from('{"a":1}');
    expect(verifyHubSignature("secret", body, hubSignature("secret", body))).toBe(true);
    expect(verifyHubSignature("secret", body, hubSignature("secret", body).toUpperCase().replace("SHA256=", "sha256="))).toBe(true);
    expect(verifyHubSignature("secret", body, undefined)).toBe(false);
    expect(verifyHubSignature("secret", body, "sha256=")).toBe(false);
    expect(verifyHubSignature("other", body, hubSignature("secret", body))).toBe(false);
  });
});
