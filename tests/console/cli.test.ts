import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { registerAgentsCommand } from "../../src/cli/commands/agents.js";
import { openSqliteStore } from "../../src/core/store/sqlite/sqlite-store.js";
import { tokenHash } from "../../src/console/secrets.js";
import { runCommand } from "../knowledge/helpers/kb-cli.js";
import { consoleConfig } from "./helpers.js";

describe("threadline agents invite", () => {
  const dir = mkdtempSync(join(tmpdir(), "tl-agents-"));
  const file = join(dir, "threadline.yaml");
  writeFileSync(file, consoleConfig().replace(/^  data_dir: .*$/m, `  data_dir: ${JSON.stringify(dir)}`));

  it("prints a one-time link under hub.public_url; only the token's hash is stored", async () => {
    const r = await runCommand(registerAgentsCommand, ["agents", "invite", "bea", "--config", file], { env: { PUBLIC_URL: "https://support.example.com/" } });
    expect(r.code).toBe(0);
    const token = /^https:\/\/support\.example\.com\/console\/invite#([A-Za-z0-9_-]{43})$/m.exec(r.stdout)?.[1];
    expect(token).toBeDefined();
    expect(r.stdout).toMatch(/works once, until \d{4}-\d\d-\d\dT/);
    const store = openSqliteStore({ path: join(dir, "threadline.db") });
    try {
      expect(await store.redeemConsoleInvite(token!, "x", new Date())).toBeNull(); // the clear token is not a key
      expect(await store.redeemConsoleInvite(tokenHash(token!), "hash", new Date())).toBe("bea");
    } finally {
      await store.close();
    }
  });

  it("refuses an agent that is not in the config, naming those that are", async () => {
    const r = await runCommand(registerAgentsCommand, ["agents", "invite", "mallory", "--config", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('no agent "mallory" in the config (agents: admin, bea)\n');
  });
});
