import Database from "better-sqlite3";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { registerContactsCommand } from "../../src/cli/commands/contacts.js";
import type { InboundMessage } from "../../src/core/channel/adapter.js";
import { manualClock } from "../../src/core/clock.js";
import { mergeContactsInto } from "../../src/core/identity/merge.js";
import { silentLogger } from "../../src/core/logger.js";
import { makeEvent, makeOutboundMessage, type HandoffCard } from "../../src/core/model/index.js";
import { createIngest } from "../../src/core/pipeline/ingest.js";
import { enqueueReply } from "../../src/core/pipeline/replies.js";
import { openSqliteStore } from "../../src/core/store/sqlite/sqlite-store.js";
import { runCommand } from "../knowledge/helpers/kb-cli.js";

const HOUR = 3_600_000;
/** Everything that identifies Ana or that she wrote; none of it may survive the erasure anywhere in the file. */
const ANA = ["Ana Schmidt", "Schmidt", "ana.schmidt@example.com", "+4915112345678", "NW-10023", "Kreuzberg", "tg-ana-secret", "Tegel"];
/** Bob's data, which must all survive. */
const BOB = ["bob@example.com", "Bob's private complaint about invoice 77", "Bob Builder"];

let n = 0;
const inbound = (channel: InboundMessage["channel"], sender: InboundMessage["sender"], text: string, extra: Partial<InboundMessage> = {}): InboundMessage => ({
  channel,
  externalId: `ext-${++n}`,
  sender,
  address: channel === "email" ? { to: sender.value } : { chatId: sender.value },
  text,
  attachments: [],
  receivedAt: new Date(),
  ...extra,
});

/** A real SQLite file under `dir` with Ana (e-mail, a merged Telegram contact, an escalation, a note, a queued reply, a timer, an e-mail original) and Bob. */
async function seed(dir: string) {
  const store = openSqliteStore({ path: join(dir, "threadline.db") });
  const clock = manualClock(new Date("2026-11-24T09:00:00Z"));
  const ingest = createIngest({
    store,
    clock,
    logger: silentLogger(),
    policy: { continuityWindowMs: 7 * 24 * HOUR, reopenWindowMs: 48 * HOUR },
    onPersisted: () => undefined,
  });
  const write = async (m: InboundMessage) => (await ingest([m]))[0]!;

  const raw = Buffer.from("From: Ana Schmidt <ana.schmidt@example.com>\r\nSubject: NW-10023\r\n\r\nI live in Kreuzberg, call +4915112345678\r\n");
  const sha = createHash("sha256").update(raw).digest("hex");
  mkdirSync(join(dir, "email", "raw"), { recursive: true });
  writeFileSync(join(dir, "email", "raw", `${sha}.eml`), raw);
  const first = await write(
    inbound(
      "email",
      { kind: "email", value: "ana.schmidt@example.com", name: "Ana Schmidt" },
      "Hello, Ana Schmidt here: order NW-10023 never reached Kreuzberg, call +4915112345678",
      {
        attachments: [
          { kind: "file", name: "original.eml", mimeType: "message/rfc822", size: raw.length, ref: `email-raw:${sha}.eml` },
          { kind: "image", name: "Schmidt-parcel.jpg", mimeType: "image/jpeg", size: 99, ref: `email-raw:${sha}.eml#1` },
        ],
      },
    ),
  );
  const anaId = first.contactId;
  await store.updateContactProfile(
    anaId,
    { order_number: "NW-10023", address: "Kreuzberg 1" },
    [
      makeEvent(
        "contact.profile_updated",
        "ai",
        clock.now(),
        { contactId: anaId, conversationId: first.conversationId },
        { keys: ["order_number", "address"], value: "Kreuzberg 1" },
      ),
    ],
    { name: "Ana Schmidt" },
  );
  let conv = (await store.getConversation(first.conversationId))!;
  const card: HandoffCard = {
    goal: "Ana Schmidt wants NW-10023 delivered to Kreuzberg",
    stepsTried: ["AI asked Ana Schmidt for NW-10023"],
    risk: "high",
    rule: "chargeback",
    reason: "Ana Schmidt threatens a chargeback",
    intent: "order_status",
    confidence: 0.8,
    fields: { order_number: "NW-10023" },
    missingFields: [],
    articles: [],
    nextAction: "Call +4915112345678",
    queue: "billing",
    priority: "high",
    channel: "email",
    language: "en",
    languageNote: null,
    conversationUrl: "http://localhost/c/1",
    slaDueAt: new Date(clock.now().getTime() + HOUR),
    createdAt: clock.now(),
  };
  conv = (await store.updateConversation(
    conv.id,
    { version: conv.version },
    {
      owner: "human",
      handoff: card,
      fields: { order_number: "NW-10023" },
      queue: "billing",
      priority: "high",
      escalation: { platform: "slack", target: "C0BILLING", threadId: "1700000000.000100", url: "https://slack.example/archives/C0BILLING/p1700000000000100" },
    },
    [
      makeEvent(
        "conversation.escalated",
        "ai",
        clock.now(),
        { conversationId: conv.id, contactId: anaId },
        { rule: "chargeback", risk: "high", reason: card.reason, queue: "billing", priority: "high", intent: "order_status" },
      ),
    ],
  ))!;
  const note = makeOutboundMessage({
    conversationId: conv.id,
    contactId: anaId,
    channel: "email",
    text: "Ana Schmidt phoned from +4915112345678",
    authorKind: "agent",
    authorId: "sam",
    at: clock.now(),
    direction: "internal",
  });
  await store.appendMessage(note, []);
  expect(await enqueueReply(store, clock, conv, { text: "Dear Ana Schmidt, NW-10023 is on its way", authorKind: "agent", authorId: "sam" })).not.toBeNull();
  await store.scheduleTimer(
    { key: `sla:${conv.id}`, kind: "sla_first_response", conversationId: conv.id, dueAt: card.slaDueAt!, data: {}, createdAt: clock.now() },
    [],
  );

  // Ana on Telegram, a separate contact first, then merged into her (as a verified code would).
  clock.advance(HOUR);
  const tg = await write(inbound("telegram", { kind: "telegram", value: "tg-ana-secret", name: "Ana S" }, "Ana Schmidt again, flying from Tegel"));
  const merged = await mergeContactsInto(store, {
    a: (await store.getContact(anaId))!,
    b: (await store.getContact(tg.contactId))!,
    actor: "customer",
    reason: "verified_code",
    at: clock.now(),
  });
  expect(merged.contactId).toBe(anaId);

  clock.advance(HOUR);
  const bob = await write(inbound("email", { kind: "email", value: "bob@example.com", name: "Bob Builder" }, "Bob's private complaint about invoice 77"));
  await store.updateContactProfile(bob.contactId, {}, [], { name: "Bob Builder" });
  await store.close();
  writeFileSync(
    join(dir, "email", "subjects.json"),
    JSON.stringify({
      "ana.schmidt@example.com\nnw-10023": { conversationId: conv.id, at: 1 },
      "bob@example.com\ninvoice 77": { conversationId: bob.conversationId, at: 1 },
    }),
  );
  return { anaId, telegramId: tg.contactId, bobId: bob.contactId, conversationId: conv.id, emlPath: join(dir, "email", "raw", `${sha}.eml`) };
}

/** Every row of every table of the file, as text. */
function dumpAllTables(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    return tables.map((t) => `${t.name}: ${JSON.stringify(db.prepare(`SELECT * FROM "${t.name}"`).all())}`).join("\n");
  } finally {
    db.close();
  }
}

describe("threadline contacts erase", () => {
  it("erases a person end to end on a real SQLite file: every table, the stored original, merged contacts; others untouched; idempotent", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tl-erase-"));
    const ids = await seed(dir);
    const config = join(dir, "threadline.yaml");
    writeFileSync(config, `hub: { name: Test, data_dir: ${dir} }\n`);
    const db = join(dir, "threadline.db");
    const run = (args: string[]) => runCommand(registerContactsCommand, ["contacts", ...args, "--config", config], { env: { USER: "tester" } });

    const before = dumpAllTables(db);
    for (const word of [...ANA, ...BOB]) expect(before).toContain(word);

    // Without --yes nothing changes.
    const preview = await run(["erase", "--identity", "email:Ana.Schmidt@example.com"]);
    expect(preview.code).toBe(1);
    expect(preview.stdout).toMatch(/would erase contact .*run again with --yes/s);
    expect(dumpAllTables(db)).toBe(before);

    // Erasing the merged Telegram contact directly is refused: erase the live one.
    const refused = await run(["erase", ids.telegramId, "--yes"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`merged into ${ids.anaId}`);

    const erased = await run(["erase", "--identity", "email:ana.schmidt@example.com", "--yes", "--by", "dpo-jane"]);
    expect(erased.stderr).toBe("");
    expect(erased.code).toBe(0);
    expect(erased.stdout).toContain(`erased contact ${ids.anaId} and 1 merged contact(s) ${ids.telegramId}`);
    expect(erased.stdout).toMatch(/4 messages, 2 attachments, 1 stored files, 2 identities, 2 conversations, 3 events reduced, 1 queued deliveries, 1 timers/);
    expect(erased.stdout).toContain("copies in Slack/Discord are NOT deleted");
    expect(erased.stdout).toContain("https://slack.example/archives/C0BILLING/p1700000000000100");

    // Not one word of Ana left in any table, nor in the file's bytes; every word of Bob still there.
    const after = dumpAllTables(db);
    for (const word of ANA) expect(after, word).not.toContain(word);
    for (const word of BOB) expect(after, word).toContain(word);
    const bytes = Buffer.concat([readFileSync(db), existsSync(`${db}-wal`) ? readFileSync(`${db}-wal`) : Buffer.alloc(0)]);
    for (const word of ["ana.schmidt@example.com", "+4915112345678", "Kreuzberg"]) expect(bytes.includes(word), word).toBe(false);
    expect(existsSync(ids.emlPath)).toBe(false);
    const subjects = JSON.parse(readFileSync(join(dir, "email", "subjects.json"), "utf8")) as Record<string, unknown>;
    expect(Object.keys(subjects)).toEqual(["bob@example.com\ninvoice 77"]);

    // Analytics still count the conversation: its escalation keeps rule, risk, queue; the audit event has counts, no personal data.
    const store = openSqliteStore({ path: db });
    try {
      const [escalated] = await store.listEvents({ conversationId: ids.conversationId, type: "conversation.escalated" });
      expect(escalated?.data).toEqual({ rule: "chargeback", risk: "high", queue: "billing", priority: "high", intent: "order_status" });
      const [audit] = await store.listEvents({ type: "contact.erased" });
      expect(audit).toMatchObject({
        contactId: ids.anaId,
        actor: "admin:dpo-jane",
        data: { by: "dpo-jane", counts: expect.objectContaining({ messages: 4, files: 1 }) },
      });
      expect((await store.getConversation(ids.conversationId))?.status).toBe("closed");
      expect(await store.countOutbox("pending")).toBe(0);
      expect(await store.getTimer(`sla:${ids.conversationId}`)).toBeNull();
    } finally {
      await store.close();
    }

    // Export afterwards shows the erased state.
    const exported = await run(["export", ids.anaId]);
    const doc = JSON.parse(exported.stdout) as {
      contact: { name: string | null; profile: object };
      identities: unknown[];
      messages: Array<{ text: string }>;
      events: Array<{ type: string }>;
    };
    expect(doc.contact).toMatchObject({ name: null, profile: {} });
    expect(doc.identities).toEqual([]);
    expect(doc.messages.length).toBe(4);
    expect(new Set(doc.messages.map((m) => m.text))).toEqual(new Set(["[erased]"]));
    expect(doc.events.map((e) => e.type)).toContain("contact.erased");
    for (const word of ANA) expect(exported.stdout).not.toContain(word);

    // Twice: a no-op that says so.
    const again = await run(["erase", ids.anaId, "--yes"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already erased .*by dpo-jane.*nothing changed/);
    expect(dumpAllTables(db)).toBe(after);

    // The address is free: her next e-mail starts a fresh contact with nothing of the old one.
    const fresh = openSqliteStore({ path: db });
    try {
      const ingest = createIngest({
        store: fresh,
        clock: manualClock(new Date("2026-12-01T09:00:00Z")),
        logger: silentLogger(),
        policy: { continuityWindowMs: 7 * 24 * HOUR, reopenWindowMs: 48 * HOUR },
        onPersisted: () => undefined,
      });
      const [outcome] = await ingest([inbound("email", { kind: "email", value: "ana.schmidt@example.com" }, "hello again")]);
      expect(outcome!.contactId).not.toBe(ids.anaId);
      expect(outcome!.conversationId).not.toBe(ids.conversationId);
      expect(outcome!.newConversation).toBe(true);
    } finally {
      await fresh.close();
    }

    expect((await run(["erase", "ct_nobody", "--yes"])).code).toBe(1);
    expect((await run(["erase", "--yes"])).code).toBe(2);
  });
});
