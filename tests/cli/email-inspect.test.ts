import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { MailInspection } from "../../src/adapters/email/inspect.js";
import { registerEmailCommand } from "../../src/cli/commands/email.js";
import { runCommand } from "../knowledge/helpers/kb-cli.js";

const FIXTURES = resolve("tests/adapters/email/fixtures");
const CONFIG = resolve("config/threadline.yaml");
const inspect = (args: string[]) => runCommand(registerEmailCommand, ["email", "inspect", ...args, "--config", CONFIG]);

describe("threadline email inspect", () => {
  it("shows the stored text, the removed quote and the thread hints of a customer's reply", async () => {
    const r = await inspect([join(FIXTURES, "replies/gmail-de.eml"), "--address", "support@shop.example", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as MailInspection;
    expect(result.verdict).toBe("customer");
    expect(result.automated).toBeNull();
    expect(result.from).toBe("j.mueller@example.de");
    expect(result.text).toContain("Kann ich sie gegen Größe L umtauschen?");
    expect(result.text).not.toContain("wurde heute versandt");
    expect(result.quoted).toContain("Ihre Bestellung NW-10045 wurde heute versandt.");
    expect(result.thread.references).toEqual(["<msg_019b7c2e4f5a6b7c8d9e0f1a2b@shop.example>"]);

    const text = await inspect([join(FIXTURES, "replies/gmail-de.eml"), "--address", "support@shop.example"]);
    expect(text.stdout).toMatch(/^verdict: {5}customer message: stored and answered$/m);
    expect(text.stdout).toContain("── quoted history (removed) ──");
  });

  it("says when a machine wrote the mail, and why, so it is stored but never answered", async () => {
    const r = await inspect([join(FIXTURES, "robots/apple-vacation.eml"), "--address", "support@shop.example", "--json"]);
    const result = JSON.parse(r.stdout) as MailInspection;
    expect(result.verdict).toBe("customer");
    expect(result.automated).toMatchObject({ kind: "auto_reply" });
    expect(result.automated!.reason).toMatch(/X-Apple-Action/i);
    const text = await inspect([join(FIXTURES, "robots/apple-vacation.eml"), "--address", "support@shop.example"]);
    expect(text.stdout).toMatch(/^verdict: {5}customer message written by a machine \(auto_reply: .+\): stored, never answered$/m);
  });

  it("recognises a reply an agent sent from their own mail client and our own mail coming back", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tl-inspect-"));
    const agent = join(dir, "agent.eml");
    writeFileSync(
      agent,
      "From: Olga <support@shop.example>\r\nTo: ana@example.com\r\nSubject: Re: boots\r\nMessage-ID: <x1@mail.shop.example>\r\nDate: Tue, 01 Dec 2026 10:00:00 +0000\r\n\r\nYour boots ship today.\r\n",
    );
    const ours = join(dir, "ours.eml");
    writeFileSync(ours, "From: support@shop.example\r\nTo: ana@example.com\r\nSubject: hi\r\nMessage-ID: <msg_0123abcd@shop.example>\r\n\r\nhello\r\n");
    const a = JSON.parse((await inspect([agent, "--address", "support@shop.example", "--json"])).stdout) as MailInspection;
    expect(a.verdict).toBe("agent");
    expect(a.text).toBe("Your boots ship today.");
    const o = JSON.parse((await inspect([ours, "--address", "support@shop.example", "--json"])).stdout) as MailInspection;
    expect(o).toMatchObject({ verdict: "skip", skipReason: "our own message came back" });
  });

  it("refuses clearly without a support address or with an unreadable file", async () => {
    const none = await inspect([join(FIXTURES, "replies/gmail-de.eml")]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("no support address: set channels.email.address (EMAIL_ADDRESS) or pass --address");
    const missing = await inspect(["no-such-file.eml", "--address", "support@shop.example"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("cannot read no-such-file.eml: ENOENT");
  });
});
