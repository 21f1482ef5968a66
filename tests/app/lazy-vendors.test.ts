import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

/**
 * Start-up cost: the channel and bot SDKs (grammY, whatsapp-web.js, Bolt,
 * discord.js, imapflow, nodemailer, mailparser), mongoose and the HTML
 * converter (linkedom, turndown) are loaded only when a configured channel,
 * bot or store, or an HTML import, needs them. The probe imports modules
 * in a child process with a resolve hook that logs every bare package name.
 */
const VENDORS = ["grammy", "whatsapp-web.js", "@slack/bolt", "discord.js", "imapflow", "nodemailer", "mailparser", "mongoose", "linkedom", "turndown"];
const dir = mkdtempSync(join(tmpdir(), "tl-lazy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function packagesResolvedBy(modules: string[]): Promise<Set<string>> {
  const log = join(dir, `${Math.random().toString(36).slice(2)}.log`);
  await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", resolve("tests/helpers/resolve-log-probe.mjs"), resolve("tests/helpers/resolve-log-hooks.mjs"), log, ...modules.map((m) => resolve(m))],
    { timeout: 120_000 },
  );
  let text = "";
  try {
    text = readFileSync(log, "utf8");
  } catch {
    /* nothing resolved */
  }
  return new Set(
    text
      .split("\n")
      .filter(Boolean)
      .map((s) => (s.startsWith("@") ? s.split("/").slice(0, 2).join("/") : s.split("/")[0]!)),
  );
}

describe("vendor SDKs load lazily", () => {
  it("the CLI, the hub and both registries resolve no channel, bot, MongoDB or HTML-import library", async () => {
    const seen = await packagesResolvedBy(["src/cli/program.ts", "src/app/hub.ts", "src/adapters/registry.ts", "src/bots/registry.ts"]);
    expect(seen.has("express"), "the probe sees packages at all").toBe(true);
    expect(VENDORS.filter((v) => seen.has(v))).toEqual([]);
  }, 130_000);

  it("creating a channel loads its SDK (the probe would see it)", async () => {
    const seen = await packagesResolvedBy(["src/adapters/telegram/adapter.ts", "src/bots/slack/bot.ts"]);
    expect(seen.has("grammy")).toBe(true);
    expect(seen.has("@slack/bolt")).toBe(true);
  }, 130_000);
});
