import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { registerConfigCommand } from "../../src/cli/commands/config-check.js";
import { runCommand } from "../knowledge/helpers/kb-cli.js";

const check = (args: string[], env: Record<string, string> = {}) => runCommand(registerConfigCommand, ["config", "check", ...args], { env });

const minimal = (extra: string) => {
  const dir = mkdtempSync(join(tmpdir(), "tl-check-"));
  const file = join(dir, "threadline.yaml");
  writeFileSync(file, `hub: { name: Test, data_dir: ${dir} }\n${extra}`);
  return file;
};

describe("threadline config check: what will not work although the file is valid", () => {
  it("shipped config: the built-in inbox target can deliver, every Slack target that cannot is named and warned about; --strict fails on it", async () => {
    const plain = await check([]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/bot inbox: on/);
    expect(plain.stdout).toMatch(/target inbox \(inbox\): can deliver \(shown in the console at \/console\)/);
    expect(plain.stdout).toMatch(/target billing \(slack\): cannot deliver: slack is disabled \(SLACK_BOT_TOKEN is not set\)/);
    expect(plain.stdout).toMatch(/^warning: escalation target billing cannot deliver: slack is disabled/m);
    // Every route also reaches the inbox: no escalation reaches nobody.
    expect(plain.stdout).not.toMatch(/reach nobody|no escalation target can deliver/);
    const strict = await check(["--strict"]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/config check --strict: \d+ warning\(s\)/);
  });

  it("warns that escalations reach nobody when the only targets are Slack targets without a token", async () => {
    const file = minimal(`channels:
  web: {}
bots:
  slack: { bot_token: "\${SLACK_BOT_TOKEN}", signing_secret: "\${SLACK_SIGNING_SECRET}" }
escalation:
  targets: { support: { platform: slack, channel: C1 } }
  routes: [{ match: {}, targets: [support] }]
`);
    const r = await check(["--config", file]);
    expect(r.stdout).toMatch(/^warning: no escalation target can deliver/m);
  });

  it("an inbox target needs no channel and no secret; a Slack target without a channel is an error", async () => {
    const ok = await check([
      "--config",
      minimal(`escalation:
  targets: { inbox: { platform: inbox } }
  routes: [{ match: {}, targets: [inbox] }]
`),
      "--strict",
    ]);
    expect(ok.stdout).toMatch(/target inbox \(inbox\): can deliver/);
    expect(ok.code).toBe(0);
    const bad = await check([
      "--config",
      minimal(`escalation:
  targets: { support: { platform: slack } }
`),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr + bad.stdout).toMatch(/escalation\.targets\.support\.channel.*needs its channel id/);
  });

  it("reports Telegram in webhook mode without its secret, and Slack in http mode without its signing secret, as disabled, not on", async () => {
    const file = minimal(`channels:
  web: { enabled: false }
  telegram: { token: "\${TELEGRAM_BOT_TOKEN}", mode: webhook }
bots:
  slack: { bot_token: "\${SLACK_BOT_TOKEN}", mode: http }
escalation:
  targets: { support: { platform: slack, channel: C1 } }
  routes: [{ match: {}, targets: [support] }]
`);
    const r = await check(["--config", file, "--strict"], { TELEGRAM_BOT_TOKEN: "1:x", SLACK_BOT_TOKEN: "xoxb-1" });
    expect(r.stdout).toMatch(/channel telegram: disabled \(webhook mode needs webhook_secret/);
    expect(r.stdout).toMatch(/bot slack: disabled \(signing_secret is not set/);
    expect(r.stdout).toMatch(/warning: channel telegram is enabled but cannot run/);
    expect(r.code).toBe(1);
  });

  it("passes --strict when what is enabled can run and every route reaches a running bot", async () => {
    const file = minimal(`channels:
  web: {}
bots:
  slack: { bot_token: "\${SLACK_BOT_TOKEN}", signing_secret: "\${SLACK_SIGNING_SECRET}" }
escalation:
  targets: { support: { platform: slack, channel: C1 } }
  routes: [{ match: {}, targets: [support] }]
  fallback: support
`);
    const r = await check(["--config", file, "--strict"], { SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" });
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/target support \(slack\): can deliver/);
    expect(r.stdout).not.toMatch(/warning:/);
    expect(r.code).toBe(0);
  });
});
