import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createEmailChannelAdapter } from "../../../src/adapters/email/index.js";
import type { ChannelAdapter } from "../../../src/core/channel/adapter.js";
import { dovecotSkipReason, startDovecot, type Dovecot } from "../../fakes/dovecot.js";
import { captureLogs } from "../../helpers/log-capture.js";
import { configFor, deps, eventually, fakeHost, rawMail, SUPPORT } from "./helpers.js";

const skip = dovecotSkipReason();

/** The adapter's UID cursor file, or null before the first save. */
function readCursor(dataDir: string): Record<string, { lastUid: number; uidValidity: string }> | null {
  const path = join(dataDir, "email", "cursor.json");
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Record<string, { lastUid: number; uidValidity: string }>) : null;
}

describe.skipIf(skip !== null)(`e-mail over a real Dovecot IMAP server${skip ? ` — SKIPPED: ${skip}` : ""}`, () => {
  let dovecot: Dovecot;
  let adapters: ChannelAdapter[] = [];
  beforeAll(async () => {
    dovecot = await startDovecot();
  });
  afterAll(async () => {
    await dovecot?.stop();
  });
  afterEach(async () => {
    for (const a of adapters) await a.stop();
    adapters = [];
    // Each test starts with an empty INBOX.
    for (const m of await dovecot.list()) await dovecot.deleteUid(m.uid);
  });

  function start(extra: Record<string, unknown> = {}, dataDir?: string, logger?: ReturnType<typeof captureLogs>["logger"]) {
    const d = deps(dataDir, logger);
    const adapter = createEmailChannelAdapter(configFor(dovecot, null, extra), d, { initialBackoffMs: 200, autoIdleDelayMs: 200 });
    adapters.push(adapter);
    const host = fakeHost();
    return { adapter, host, dataDir: d.dataDir, run: () => adapter.start(host) };
  }

  it("ingests new mail, keeps the original, and flags it \\Seen only after the ingest resolved (a failed ingest is retried, not acknowledged)", async () => {
    const { adapter, host, dataDir, run } = start();
    host.state.failNext = 1;
    await run();
    await eventually(() => adapter.status().ok, 8000, "watching");
    expect(adapter.status().detail).toMatch(/watching INBOX/);
    await dovecot.append(rawMail({ id: "<first@customer.example>", body: "My parcel is late.\n\nOn Mon, Support wrote:\n> old" }));
    // The first ingest fails: the mail stays unflagged, then comes again after the reconnect.
    await eventually(() => host.ingested.length === 1, 10_000, "ingested after retry");
    expect(host.state.failNext).toBe(0);
    const [m] = host.ingested;
    expect(m).toMatchObject({
      channel: "email",
      externalId: "<first@customer.example>",
      sender: { kind: "email", value: "ann@customer.example", name: "Ann Example" },
      text: "My parcel is late.",
    });
    expect(m!.address).toMatchObject({ email: "ann@customer.example", subject: "Where is my order?", messageId: "<first@customer.example>" });
    const original = m!.attachments.find((a) => a.mimeType === "message/rfc822")!;
    expect(original.ref).toMatch(/^email-raw:[0-9a-f]{64}\.eml$/);
    expect(readFileSync(join(dataDir, "email", "raw", original.ref!.slice("email-raw:".length)), "utf8")).toContain("On Mon, Support wrote:");
    await eventually(async () => (await dovecot.list())[0]?.flags.includes("\\Seen") ?? false, 5000, "flagged seen");
    // The cursor is saved after the flag's STORE answered, which another connection may see first.
    const uid = (await dovecot.list())[0]!.uid;
    await eventually(() => readCursor(dataDir)?.INBOX?.lastUid === uid, 5000, "cursor advanced");
    expect(readCursor(dataDir)!.INBOX!.lastUid).toBe(uid);
  });

  it("decodes a Windows-1252 quoted-printable mail with an ISO-8859-1 encoded subject and sender name as delivered by the server", async () => {
    const { adapter, host, run } = start();
    await run();
    await eventually(() => adapter.status().ok, 8000, "watching");
    const raw = Buffer.concat([
      Buffer.from(
        [
          "From: =?ISO-8859-1?Q?Bj=F6rn_S=E4ger?= <bjoern@kunde.example>",
          `To: ${SUPPORT}`,
          "Subject: =?ISO-8859-1?Q?R=FCcksendung?=",
          "Message-ID: <cp1252@kunde.example>",
          "MIME-Version: 1.0",
          "Content-Type: text/plain; charset=windows-1252",
          "Content-Transfer-Encoding: quoted-printable",
          "",
          "",
        ].join("\r\n"),
      ),
      Buffer.from("Gr=FC=DFe, die R=FCcksendung kostet 5 =80 =96 stimmt das?\r\n"),
    ]);
    await dovecot.append(raw);
    await eventually(() => host.ingested.length === 1, 8000, "ingested");
    expect(host.ingested[0]).toMatchObject({
      text: "Grüße, die Rücksendung kostet 5 € – stimmt das?",
      sender: { value: "bjoern@kunde.example", name: "Björn Säger" },
      address: { subject: "Rücksendung" },
    });
  });

  it("catches up on mail that arrived while it was stopped, exactly once across restarts (UID cursor, no flags)", async () => {
    const first = start({ processed: "none" });
    await first.run();
    await eventually(() => first.adapter.status().ok, 8000, "watching");
    await dovecot.append(rawMail({ id: "<a1@customer.example>" }));
    await eventually(() => first.host.ingested.length === 1, 8000, "first mail");
    await first.adapter.stop();
    expect(first.adapter.status()).toEqual({ ok: false, detail: "stopped" });

    await dovecot.append(rawMail({ id: "<a2@customer.example>" }));
    await dovecot.append(rawMail({ id: "<a3@customer.example>" }));
    const second = start({ processed: "none" }, first.dataDir);
    await second.run();
    await eventually(() => second.host.ingested.length === 2, 8000, "caught up");
    await new Promise((r) => setTimeout(r, 500));
    expect(second.host.ingested.map((m) => m.externalId)).toEqual(["<a2@customer.example>", "<a3@customer.example>"]);
    expect((await dovecot.list()).every((m) => !m.flags.includes("\\Seen"))).toBe(true);
  });

  it("starts over by the initial-sync rule when UIDVALIDITY changed (the stored UIDs mean nothing any more)", async () => {
    await dovecot.append(rawMail({ id: "<v1@customer.example>" }));
    await dovecot.append(rawMail({ id: "<v2@customer.example>" }), "INBOX", ["\\Seen"]);
    const dataDir = mkdtempSync(join(tmpdir(), "tl-email-"));
    mkdirSync(join(dataDir, "email"));
    writeFileSync(join(dataDir, "email", "cursor.json"), JSON.stringify({ INBOX: { uidValidity: "1", lastUid: 999 } }));
    const { adapter, host, run } = start({ processed: "none", initial_sync: "unseen" }, dataDir);
    await run();
    await eventually(() => adapter.status().ok, 8000, "watching");
    await eventually(() => host.ingested.length === 1, 8000, "unseen mail picked up");
    expect(host.ingested.map((m) => m.externalId)).toEqual(["<v1@customer.example>"]);
  });

  it("reports a dead server on /readyz, reconnects with backoff and ingests what arrived meanwhile exactly once", async () => {
    const { adapter, host, run } = start();
    await run();
    await eventually(() => adapter.status().ok, 8000, "watching");
    await dovecot.append(rawMail({ id: "<b1@customer.example>" }));
    await eventually(() => host.ingested.length === 1, 8000, "first mail");
    await dovecot.kill();
    await eventually(() => !adapter.status().ok, 8000, "reported down");
    expect(adapter.status().detail).toMatch(/IMAP|closed|reach/);
    await dovecot.restart();
    await dovecot.append(rawMail({ id: "<b2@customer.example>" }));
    await dovecot.append(rawMail({ id: "<b3@customer.example>" }));
    await eventually(() => host.ingested.length === 3, 15_000, "caught up after reconnect");
    await eventually(() => adapter.status().ok, 8000, "watching again");
    await new Promise((r) => setTimeout(r, 500));
    expect(host.ingested.map((m) => m.externalId)).toEqual(["<b1@customer.example>", "<b2@customer.example>", "<b3@customer.example>"]);
  });

  it("stores auto-replies, bounces and list mail flagged as machine mail (acknowledged like any mail) and skips our own mail coming back", async () => {
    const logs = captureLogs();
    const { adapter, host, dataDir, run } = start({}, undefined, logs.logger);
    await run();
    await eventually(() => adapter.status().ok, 8000, "watching");
    await dovecot.append(rawMail({ id: "<ooo@customer.example>", subject: "Out of office", headers: { "Auto-Submitted": "auto-replied" } }));
    await dovecot.append(
      rawMail({
        id: "<dsn@mx.example>",
        from: "MAILER-DAEMON@mx.example",
        contentType: 'multipart/report; report-type=delivery-status; boundary="r"',
        body: "--r\nContent-Type: text/plain\n\nUndeliverable\n--r--",
      }),
    );
    await dovecot.append(rawMail({ id: "<list@customer.example>", headers: { "List-Id": "<fans.lists.example>", Precedence: "list" } }));
    await dovecot.append(rawMail({ id: "<msg_019a2b3c4d5e6f7a8b9c0d1e2f@shop.example>" }));
    await dovecot.append(rawMail({ id: "<real@customer.example>" }));
    await eventually(() => host.ingested.length === 4, 8000, "four mails");
    expect(host.ingested.map((m) => [m.externalId, m.automated?.kind ?? null])).toEqual([
      ["<ooo@customer.example>", "auto_reply"],
      ["<dsn@mx.example>", "bounce"],
      ["<list@customer.example>", "list"],
      ["<real@customer.example>", null],
    ]);
    await eventually(
      async () => (await dovecot.list()).some((m) => m.messageId === "<real@customer.example>" && m.flags.includes("\\Seen")),
      5000,
      "real mail flagged seen",
    );
    const listed = await dovecot.list();
    expect(listed.filter((m) => m.flags.includes("\\Seen")).map((m) => m.messageId)).toEqual([
      "<ooo@customer.example>",
      "<dsn@mx.example>",
      "<list@customer.example>",
      "<real@customer.example>",
    ]);
    const lastUid = Math.max(...listed.map((m) => m.uid));
    await eventually(() => readCursor(dataDir)?.INBOX?.lastUid === lastUid, 5000, "cursor advanced");
    const ignored = logs
      .records()
      .filter((l) => String(l.msg).startsWith("email: mail ignored"))
      .map((l) => l.reason);
    expect(ignored).toEqual(["our own message came back"]);
    const robots = logs
      .records()
      .filter((l) => String(l.msg).startsWith("email: machine mail stored"))
      .map((l) => l.kind);
    expect(robots).toEqual(["auto_reply", "bounce", "list"]);
    expect(existsSync(join(dataDir, "email", "raw"))).toBe(true);
    expect(host.external).toEqual([]);
  });

  it("records replies found in a configured Sent folder (an agent answering from their mail client), skipping our own sent mail", async () => {
    await dovecot.createMailbox("Sent");
    const { adapter, host, run } = start({ sent_mailbox: "Sent", poll_interval: "300ms" });
    await run();
    await eventually(() => adapter.status().ok, 8000, "watching");
    await dovecot.append(
      rawMail({ from: SUPPORT, to: "Ann <ann@customer.example>", id: "<msg_019a2b3c4d5e6f7a8b9c0d1e2f@shop.example>", body: "sent by the hub itself" }),
      "Sent",
      ["\\Seen"],
    );
    await dovecot.append(
      rawMail({
        from: SUPPORT,
        to: "Ann <ann@customer.example>",
        id: "<thunderbird-1@shop.example>",
        subject: "Re: Where is my order?",
        headers: { References: "<q0@customer.example>" },
        body: "Sent from the shared mailbox by hand.\n\nOn Mon, Ann wrote:\n> where?",
      }),
      "Sent",
      ["\\Seen"],
    );
    await eventually(() => host.external.length === 1, 8000, "sent mail recorded");
    await new Promise((r) => setTimeout(r, 700));
    expect(host.external.map((r) => [r.externalId, r.recipient.value, r.text, r.thread?.references])).toEqual([
      ["<thunderbird-1@shop.example>", "ann@customer.example", "Sent from the shared mailbox by hand.", ["<q0@customer.example>"]],
    ]);
    expect(host.ingested).toEqual([]);
    // The Sent folder is never flagged or moved.
    expect((await dovecot.list("Sent")).map((m) => m.messageId)).toHaveLength(2);
  });

  it("records an agent's reply (From an agent domain) instead of ingesting it, skips oversized attachments with a note, and can move processed mail", async () => {
    await dovecot.createMailbox("Processed");
    const { adapter, host, run } = start({ agent_domains: ["shop.example"], processed: "move", max_attachment_size: "1kb" });
    await run();
    await eventually(() => adapter.status().ok, 8000, "watching");
    const big = Buffer.alloc(3000, "x").toString("base64");
    await dovecot.append(
      rawMail({
        id: "<att@customer.example>",
        contentType: 'multipart/mixed; boundary="m"',
        body: [
          "--m",
          "Content-Type: text/plain",
          "",
          "See attached.",
          "--m",
          'Content-Type: application/pdf; name="big.pdf"',
          'Content-Disposition: attachment; filename="big.pdf"',
          "Content-Transfer-Encoding: base64",
          "",
          big,
          "--m",
          'Content-Type: text/plain; name="small.txt"',
          'Content-Disposition: attachment; filename="small.txt"',
          "",
          "tiny",
          "--m--",
        ].join("\n"),
      }),
    );
    await dovecot.append(
      rawMail({
        from: "Jonas <jonas@shop.example>",
        to: "ann@customer.example",
        subject: "RE: Where is my order?",
        id: "<outlook@shop.example>",
        headers: { "In-Reply-To": "<att@customer.example>", "Thread-Index": "AQHZabc=" },
        body: "Hi Ann, it ships today.\n\nFrom: Ann\nSent: Monday\nTo: Support\n\nold",
      }),
    );
    await eventually(() => host.ingested.length === 1 && host.external.length === 1, 8000, "both handled");
    const customer = host.ingested[0]!;
    expect(customer.text).toBe('See attached.\n\n[attachment "big.pdf" (3 KB) was not kept: larger than the 1 KB limit]');
    expect(customer.attachments.map((a) => a.name)).toEqual(["small.txt", "original.eml"]);
    expect(host.external[0]).toMatchObject({
      externalId: "<outlook@shop.example>",
      recipient: { kind: "email", value: "ann@customer.example" },
      author: "jonas@shop.example",
      text: "Hi Ann, it ships today.",
      thread: { references: ["<att@customer.example>"] },
    });
    await eventually(async () => (await dovecot.list()).length === 0, 5000, "moved out of INBOX");
    expect((await dovecot.list("Processed")).map((m) => m.messageId).sort()).toEqual(["<att@customer.example>", "<outlook@shop.example>"]);
  });
});
