import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DISCORD_PERMISSIONS, discordInviteUrl } from "../../../src/bots/discord/index.js";
import { runCli } from "../../../src/cli/program.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  process.exitCode = undefined;
});

async function cli(args: string[], yaml: string, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "tl-discord-invite-"));
  dirs.push(dir);
  writeFileSync(join(dir, "threadline.yaml"), yaml);
  let stdout = "";
  let stderr = "";
  const code = await runCli([...args, "--config", join(dir, "threadline.yaml")], {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    env,
    cwd: dir,
    onShutdown: () => {},
  });
  return { code, stdout, stderr };
}

// Discord's permission bits (https://discord.com/developers/docs/topics/permissions), written out independently of discord.js.
const BITS: Record<string, bigint> = {
  "Add Reactions": 1n << 6n,
  "View Channel": 1n << 10n,
  "Send Messages": 1n << 11n,
  "Embed Links": 1n << 14n,
  "Read Message History": 1n << 16n,
  "Mention Everyone": 1n << 17n,
  "Use Application Commands": 1n << 31n,
  "Manage Threads": 1n << 34n,
  "Create Public Threads": 1n << 35n,
  "Send Messages in Threads": 1n << 38n,
  Administrator: 1n << 3n,
};
const NEEDED = ["View Channel", "Send Messages", "Send Messages in Threads", "Create Public Threads", "Embed Links", "Read Message History", "Add Reactions"];

describe("discord invite URL", () => {
  it("asks for the bot and applications.commands scopes and exactly the permissions the bot uses", () => {
    const url = new URL(discordInviteUrl("1100000000000000001"));
    expect(url.origin + url.pathname).toBe("https://discord.com/oauth2/authorize");
    expect(url.searchParams.get("client_id")).toBe("1100000000000000001");
    expect(url.searchParams.get("scope")).toBe("bot applications.commands");
    const n = BigInt(url.searchParams.get("permissions")!);
    const granted = Object.entries(BITS)
      .filter(([, b]) => (n & b) !== 0n)
      .map(([name]) => name)
      .sort();
    expect(granted).toEqual([...NEEDED].sort());
    expect(n).toBe(NEEDED.reduce((acc, name) => acc | BITS[name]!, 0n));
    expect(DISCORD_PERMISSIONS.map((p) => p.name).sort()).toEqual([...NEEDED].sort());
    for (const p of DISCORD_PERMISSIONS) expect(p.why.length).toBeGreaterThan(10);
  });

  it("`threadline discord invite-url` prints the link with the application id from DISCORD_APPLICATION_ID via the config", async () => {
    const yaml = "bots:\n  discord:\n    token: ${DISCORD_BOT_TOKEN}\n    application_id: ${DISCORD_APPLICATION_ID}\n";
    const r = await cli(["discord", "invite-url", "--explain"], yaml, { DISCORD_APPLICATION_ID: "1234567890123456789" });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const first = r.stdout.split("\n")[0]!;
    expect(first).toBe(discordInviteUrl("1234567890123456789"));
    expect(first).toContain("client_id=1234567890123456789&scope=bot%20applications.commands&permissions=309237730368");
    expect(r.stdout).toContain("Create Public Threads:");
  });

  it("exits 1 naming what to set when there is no application id", async () => {
    const unset = await cli(["discord", "invite-url"], "bots:\n  discord:\n    application_id: ${DISCORD_APPLICATION_ID}\n");
    expect(unset.code).toBe(1);
    expect(unset.stdout).toBe("");
    expect(unset.stderr).toMatch(/DISCORD_APPLICATION_ID is not set/);
    const noSection = await cli(["discord", "invite-url"], "hub:\n  name: Shop\n");
    expect(noSection.code).toBe(1);
    expect(noSection.stderr).toMatch(/no bots\.discord section/);
    expect(noSection.stderr).toMatch(/DISCORD_APPLICATION_ID/);
  });
});
