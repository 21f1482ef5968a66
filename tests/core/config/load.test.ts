import { readFileSync } from "node:fs";
import { MODULES } from "../../../src/app/modules.js";
import { describe, expect, it } from "vitest";
import { loadConfigText } from "../../../src/core/config/load.js";
import { ConfigError, formatConfigProblem } from "../../../src/core/errors.js";
import { SHIPPED_CONFIG } from "../../helpers/hub.js";

const load = (text: string, env: Record<string, string> = {}) => loadConfigText(text, "threadline.yaml", env, MODULES);
function problems(text: string, env: Record<string, string> = {}): string[] {
  try {
    load(text, env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map(formatConfigProblem);
    throw e;
  }
  throw new Error("expected the config to be rejected");
}

describe("config loading", () => {
  it("accepts the shipped config with no environment and applies defaults", () => {
    const { config, missingEnv } = load(SHIPPED_CONFIG);
    expect(config.server.port).toBe(3000);
    expect(config.server.body_limit).toBe(64 * 1024);
    expect(config.conversations.continuity_window).toBe(7 * 86_400_000);
    expect(config.store.mongodb.uri).toBeUndefined();
    expect(config.hub.public_url).toBe("http://localhost:3000");
    expect(missingEnv.map((m) => m.variable).sort()).toEqual([
      "DISCORD_APPLICATION_ID",
      "DISCORD_BOT_TOKEN",
      "DISCORD_GUILD_ID",
      "EMAIL_ADDRESS",
      "EMAIL_IMAP_HOST",
      "EMAIL_PASSWORD",
      "EMAIL_SMTP_HOST",
      "EMAIL_USERNAME",
      "MONGODB_URI",
      "PUBLIC_URL",
      "SLACK_APP_TOKEN",
      "SLACK_BOT_TOKEN",
      "SLACK_SIGNING_SECRET",
      "TELEGRAM_BOT_TOKEN",
      "TELEGRAM_WEBHOOK_SECRET",
      "THREADLINE_ADMIN_TOKEN",
      "THREADLINE_HEALTH_TOKEN",
      "WEB_CHAT_SECRET",
      "WEB_IDENTITY_SECRET",
      "WHATSAPP_ACCESS_TOKEN",
      "WHATSAPP_ADMIN_TOKEN",
      "WHATSAPP_APP_SECRET",
      "WHATSAPP_PHONE_NUMBER_ID",
      "WHATSAPP_VERIFY_TOKEN",
    ]);
    // Every variable the shipped config reads is documented for admins.
    const documented = readFileSync("config/.env.example", "utf8");
    for (const m of missingEnv) expect(documented, m.variable).toContain(`${m.variable}=`);
    expect(missingEnv.find((m) => m.variable === "WEB_CHAT_SECRET")?.key).toBe("channels.web.token_secret");
  });

  it("interpolates ${VAR} and ${VAR:-default} from the given env", () => {
    const { config, missingEnv } = load(SHIPPED_CONFIG, { MONGODB_URI: "mongodb://db/x", PUBLIC_URL: "https://help.example.com", LOG_LEVEL: "debug" });
    expect(config.store.mongodb.uri).toBe("mongodb://db/x");
    expect(config.hub.public_url).toBe("https://help.example.com");
    expect(config.logging.level).toBe("debug");
    expect(missingEnv.map((m) => m.variable)).not.toContain("MONGODB_URI");
    expect(missingEnv.map((m) => m.variable)).toContain("WEB_CHAT_SECRET");
  });

  it("an empty file is a valid config (everything defaulted, no channel on)", () => {
    const { config } = load("");
    expect(config.channels).toEqual({});
    expect(config.store.engine).toBe("auto");
  });

  it("names file, line and key for an unknown key, and lists the allowed keys", () => {
    const text = "server:\n  port: 3000\n  prot: 80\n";
    const [p] = problems(text);
    expect(p).toMatch(/^threadline\.yaml:3 server\.prot: unknown key \(allowed here: host, port, body_limit, shutdown_grace, health_token\)$/);
  });

  it("names file, line and key for a wrong type and says what was expected", () => {
    const out = problems('server:\n  host: 127.0.0.1\n  port: "eighty"\n');
    expect(out).toEqual([expect.stringMatching(/^threadline\.yaml:3 server\.port: expected number/)]);
  });

  it("reports every problem at once, each at its own line", () => {
    const text = "hub:\n  name: X\nconversations:\n  continuity_window: soon\nstore:\n  engine: postgres\n";
    const out = problems(text);
    expect(out).toContain('threadline.yaml:4 conversations.continuity_window: expected a duration like "30s", "10m", "2h" or "7d", got "soon"');
    expect(out).toContainEqual(expect.stringMatching(/^threadline\.yaml:6 store\.engine: expected one of "auto", "sqlite", "mongodb"$/));
  });

  it("reports YAML syntax errors with their line", () => {
    const out = problems("server:\n  port: 3000\n    host: x\n");
    expect(out[0]).toMatch(/^threadline\.yaml:[23] \(root\): YAML syntax/);
  });

  it("rejects duplicate keys", () => {
    expect(problems("server:\n  port: 1\n  port: 2\n")[0]).toMatch(/^threadline\.yaml:3 .*YAML syntax/);
  });

  it("requires the default locale in greeting texts", () => {
    const out = problems("hub:\n  default_locale: de\nmessages:\n  greeting:\n    en: Hello\n");
    expect(out).toEqual(['threadline.yaml:4 messages.greeting: needs a text for the default locale "de"']);
  });

  it("validates business hours ranges and time zones", () => {
    const out = problems('business_hours:\n  timezone: Mars/Olympus\n  weekly:\n    mon: ["9-5"]\n');
    expect(out).toContain("threadline.yaml:2 business_hours.timezone: unknown IANA time zone");
    expect(out).toContainEqual(expect.stringMatching(/^threadline\.yaml:4 business_hours\.weekly\.mon\[0\]: expected a time range/));
  });

  it("validates channel sections with the channel's own schema (unknown key in channels.web)", () => {
    const out = problems("channels:\n  web:\n    enabled: true\n    colour: red\n");
    expect(out[0]).toMatch(/^threadline\.yaml:4 channels\.web\.colour: unknown key/);
  });

  it("rejects an unknown channel", () => {
    expect(problems("channels:\n  fax: {}\n")[0]).toMatch(/^threadline\.yaml:2 channels\.fax: unknown key/);
  });
});
