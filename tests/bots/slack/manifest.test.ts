import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { slackManifest, SLACK_BOT_SCOPES } from "../../../src/bots/slack/index.js";
import { runCli } from "../../../src/cli/program.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  process.exitCode = undefined;
});

async function cli(args: string[], yaml: string) {
  const dir = mkdtempSync(join(tmpdir(), "tl-slack-manifest-"));
  dirs.push(dir);
  writeFileSync(join(dir, "threadline.yaml"), yaml);
  let stdout = "";
  let stderr = "";
  const code = await runCli([...args, "--config", join(dir, "threadline.yaml")], {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    env: {},
    cwd: dir,
    onShutdown: () => {},
  });
  return { code, stdout, stderr };
}

/** The manifest fields the tests read. */
interface Manifest {
  display_information: { name: string };
  features: { shortcuts: unknown[]; slash_commands?: unknown };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url?: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url?: string };
    socket_mode_enabled: boolean;
  };
}

const EXPECTED_SCOPES = ["chat:write", "channels:history", "groups:history", "reactions:read", "users:read", "users:read.email", "commands"];

describe("slack app manifest", () => {
  it("http mode: exact scopes, events and interactivity at public_url + events_path, the message shortcut", () => {
    const m = slackManifest({
      hubName: "Northwind Support",
      publicUrl: "https://support.example.com/",
      config: { mode: "http", events_path: "/api/slack/events" },
    }) as unknown as Manifest;
    expect(m.display_information.name).toBe("Northwind Support");
    expect(m.oauth_config.scopes.bot).toEqual(EXPECTED_SCOPES);
    expect(m.oauth_config.scopes.bot).not.toContain("channels:read");
    expect(m.settings.event_subscriptions).toEqual({
      request_url: "https://support.example.com/api/slack/events",
      bot_events: ["message.channels", "message.groups", "reaction_added"],
    });
    expect(m.settings.interactivity).toEqual({ is_enabled: true, request_url: "https://support.example.com/api/slack/events" });
    expect(m.settings.socket_mode_enabled).toBe(false);
    expect(m.features.shortcuts).toEqual([expect.objectContaining({ type: "message", callback_id: "tl.reply_shortcut", name: "Reply to customer" })]);
    expect(m.features.slash_commands).toBeUndefined();
    for (const s of SLACK_BOT_SCOPES) expect(s.why.length).toBeGreaterThan(10);
  });

  it("socket mode: no request URLs, socket_mode_enabled", () => {
    const m = slackManifest({
      hubName: "Hub",
      publicUrl: "http://localhost:3000",
      config: { mode: "socket", events_path: "/api/slack/events" },
    }) as unknown as Manifest;
    expect(m.settings.socket_mode_enabled).toBe(true);
    expect(m.settings.event_subscriptions.request_url).toBeUndefined();
    expect(m.settings.interactivity).toEqual({ is_enabled: true });
  });

  it("`threadline slack manifest` prints YAML (or JSON with --json) from the config's hub name and public URL", async () => {
    const yaml = "hub:\n  name: Northwind Outfitters Support\n  public_url: https://help.northwind.example\n";
    const y = await cli(["slack", "manifest"], yaml);
    expect(y.code).toBe(0);
    const fromYaml = parse(y.stdout) as unknown as Manifest;
    expect(fromYaml.display_information.name).toBe("Northwind Outfitters Support");
    expect(fromYaml.settings.event_subscriptions.request_url).toBe("https://help.northwind.example/api/slack/events");
    expect(fromYaml.oauth_config.scopes.bot).toEqual(EXPECTED_SCOPES);
    const j = await cli(["slack", "manifest", "--json"], yaml);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout)).toEqual(fromYaml);
  });

  it("follows bots.slack from the config (socket mode, custom events path)", async () => {
    const yaml =
      "hub:\n  name: Hub\n  public_url: https://hub.example\nbots:\n  slack:\n    mode: socket\n    bot_token: ${SLACK_BOT_TOKEN}\n    app_token: ${SLACK_APP_TOKEN}\n";
    const r = await cli(["slack", "manifest", "--json"], yaml);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout) as Manifest;
    expect(m.settings.socket_mode_enabled).toBe(true);
    expect(m.settings.event_subscriptions.request_url).toBeUndefined();
    const h = JSON.parse(
      (await cli(["slack", "manifest", "--json"], "hub:\n  public_url: https://hub.example\nbots:\n  slack:\n    events_path: /hooks/slack\n")).stdout,
    ) as Manifest;
    expect(h.settings.interactivity.request_url).toBe("https://hub.example/hooks/slack");
  });

  it("warns when the public URL is not reachable by Slack in http mode", async () => {
    const r = await cli(["slack", "manifest"], "hub:\n  name: Local\n  public_url: http://localhost:3000\n");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("not a public HTTPS URL");
  });
});
