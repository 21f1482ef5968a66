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
  /** Starts `threadline start` from dist/ in a fresh directory holding the shipped config; resolves once the demo is served. */
  async function startBuilt(env: Record<string, string> = {}, withKnowledge = false) {
    const cwd = mkdtempSync(join(tmpdir(), "tl-bin-"));
    mkdirSync(join(cwd, "config"));
    cpSync("config/threadline.yaml", join(cwd, "config/threadline.yaml"));
    if (withKnowledge) cpSync("config/knowledge", join(cwd, "config/knowledge"), { recursive: true });
    const child = spawn(process.execPath, [resolve("bin/threadline.js"), "start"], {
      cwd,
      env: { PATH: process.env.PATH ?? "", PORT: "0", HOST: "127.0.0.1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let url = "";
    let out = "";
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    await new Promise<void>((done, fail) => {
      // Generous: ~10 s measured on a loaded 2-core machine.
      const timer = setTimeout(() => fail(new Error(`no start-up line: ${out}`)), 60_000);
      createInterface({ input: child.stdout }).on("line", (line) => {
        out += `${line}\n`;
        const o = JSON.parse(line) as { url?: string; msg?: string };
        if (o.url) url = o.url;
        if (String(o.msg).startsWith("web chat demo")) clearTimeout(timer), done();
      });
    });
    return {
      url,
      child,
      stop: async () => {
        child.kill("SIGTERM");
        return new Promise((r) => child.on("exit", r));
      },
    };
  }

  it("the shipped demo answers from the knowledge base, asks for the order number and escalates a chargeback threat with a complete card", async () => {
    const admin = "demo-admin-token-0123456789";
    const hub = await startBuilt({ THREADLINE_ADMIN_TOKEN: admin }, true);
    try {
      const { token } = (await (await fetch(`${hub.url}/api/web/session`, { method: "POST" })).json()) as { token: string };
      const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
      const history = async () =>
        ((await (await fetch(`${hub.url}/api/web/history`, { headers })).json()) as { messages: { direction: string; text: string }[] }).messages;
      let conversationId = "";
      const say = async (text: string, id: string, expectReply: RegExp) => {
        const r = (await (
          await fetch(`${hub.url}/api/web/messages`, { method: "POST", headers, body: JSON.stringify({ text, clientMessageId: id }) })
        ).json()) as { conversationId: string };
        conversationId = r.conversationId;
        for (let i = 0; i < 100 && !(await history()).some((m) => m.direction === "outbound" && expectReply.test(m.text)); i++)
          await new Promise((res) => setTimeout(res, 100));
        expect((await history()).map((m) => m.text).join("\n")).toMatch(expectReply);
      };
      await say("How do I wash my waterproof jacket?", "d1", /Source: Caring for waterproof jackets/);
      await say("Where is my order?", "d2", /order number/);
      await say("I will file a chargeback with my bank if this is not fixed", "d3", /Billing team/);
      const view = (await (await fetch(`${hub.url}/api/conversations/${conversationId}`, { headers: { authorization: `Bearer ${admin}` } })).json()) as {
        conversation: { owner: string; queue: string; handoff: Record<string, unknown> };
      };
      expect(view.conversation).toMatchObject({ owner: "human", queue: "billing" });
      expect(view.conversation.handoff).toMatchObject({ rule: "chargeback", risk: "high", intent: expect.any(String) });
      for (const key of ["goal", "stepsTried", "reason", "articles", "nextAction", "conversationUrl", "slaDueAt"]) {
        expect(view.conversation.handoff[key], key).toBeTruthy();
      }
    } finally {
      expect(await hub.stop()).toBe(0);
    }
  }, 120_000);

  it("starts from dist/ and serves the demo page and the widget", async () => {
    const hub = await startBuilt();
    try {
      expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
      const widget = await fetch(`${hub.url}/widget.js`);
      expect(widget.status).toBe(200);
      expect(widget.headers.get("content-type")).toMatch(/javascript/);
      expect((await widget.text()).length).toBeGreaterThan(1000);
    } finally {
      expect(await hub.stop()).toBe(0);
    }
  }, 90_000);
});
