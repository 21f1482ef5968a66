import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";

/**
 * `npm start` runs the compiled hub (bin/threadline.js → dist/), built by
 * `npm install`. This checks that build, not the TypeScript sources.
 */
const built = existsSync("dist/main.js");
const reason = "dist/ is not built (run npm install or npm run build)";

if (!built && process.env.CI === "true") {
  describe("the compiled threadline command", () => {
    it("needs the build in CI", () => {
      throw new Error(reason);
    });
  });
}

describe.skipIf(!built)(`the compiled threadline command${built ? "" : ` (skipped: ${reason})`}`, () => {
  it("starts from dist/ and serves the demo page and the widget", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "tl-bin-"));
    mkdirSync(join(cwd, "config"));
    cpSync("config/threadline.yaml", join(cwd, "config/threadline.yaml"));
    const child = spawn(process.execPath, [resolve("bin/threadline.js"), "start"], {
      cwd, env: { PATH: process.env.PATH ?? "", PORT: "0", HOST: "127.0.0.1" }, stdio: ["ignore", "pipe", "pipe"],
    });
    let url = "";
    let out = "";
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no start-up line: ${out}`)), 20_000);
      createInterface({ input: child.stdout! }).on("line", (line) => {
        out += `${line}\n`;
        const o = JSON.parse(line) as { url?: string; msg?: string };
        if (o.url) url = o.url;
        if (String(o.msg).startsWith("web chat demo")) (clearTimeout(timer), done());
      });
    });
    try {
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const widget = await fetch(`${url}/widget.js`);
      expect(widget.status).toBe(200);
      expect(widget.headers.get("content-type")).toMatch(/javascript/);
      expect((await widget.text()).length).toBeGreaterThan(1000);
    } finally {
      child.kill("SIGTERM");
      expect(await new Promise((r) => child.on("exit", r))).toBe(0);
    }
  });
});
