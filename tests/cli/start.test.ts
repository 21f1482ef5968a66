import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";

describe("threadline start", () => {
  it("starts on the embedded defaults, logs what runs where, honours PORT/HOST, and stops cleanly on SIGTERM", async () => {
    // Run from a scratch copy of config/ so data/ lands in a temp directory.
    const cwd = mkdtempSync(join(tmpdir(), "tl-start-"));
    mkdirSync(join(cwd, "config"));
    cpSync("config/threadline.yaml", join(cwd, "config/threadline.yaml"));
    cpSync("config/knowledge", join(cwd, "config/knowledge"), { recursive: true });
    const child = spawn(process.execPath, [resolve("node_modules/tsx/dist/cli.mjs"), resolve("src/main.ts"), "start"], {
      cwd,
      env: { PATH: process.env.PATH ?? "", PORT: "0", HOST: "127.0.0.1", WEB_CHAT_SECRET: "s3cret-value-never-logged" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines: Record<string, unknown>[] = [];
    let raw = "";
    let url = "";
    const ready = new Promise<void>((done, fail) => {
      // Generous: tsx compiles the sources at start-up (~17 s measured on a loaded 2-core machine).
      const timer = setTimeout(() => fail(new Error(`no start-up line; got: ${raw}`)), 60_000);
      createInterface({ input: child.stdout }).on("line", (line) => {
        raw += `${line}\n`;
        const obj = JSON.parse(line) as Record<string, unknown>;
        lines.push(obj);
        if (typeof obj.url === "string") url = obj.url;
        if (String(obj.msg).startsWith("web chat demo")) clearTimeout(timer), done();
      });
    });
    child.stderr.on("data", (d: Buffer) => (raw += d.toString()));
    await ready;
    const msgs = lines.map((l) => String(l.msg));
    expect(msgs.some((m) => /^Northwind Outfitters Support is listening on http:\/\/127\.0\.0\.1:\d+$/.test(m))).toBe(true);
    expect(msgs).toContainEqual(expect.stringMatching(/^store: sqlite \(.*data\/threadline\.db\)$/));
    expect(msgs).toContain("channel web: on");
    expect(msgs).toContain("channel telegram: disabled (TELEGRAM_BOT_TOKEN is not set)");
    expect(msgs).toContainEqual(expect.stringMatching(/^knowledge base: \d+ articles \(\d+ answering\)/));
    expect(msgs).toContain("MONGODB_URI is not set: store.mongodb.uri left empty (using SQLite)");
    expect(existsSync(join(cwd, "data/threadline.db"))).toBe(true);
    expect(raw).not.toContain("s3cret-value-never-logged");

    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script src="/widget.js"');

    child.kill("SIGTERM");
    const code = await new Promise<number | null>((r) => child.on("exit", r));
    expect(code).toBe(0);
    expect(raw).toMatch(/stopped cleanly/);
  }, 120_000);
});
