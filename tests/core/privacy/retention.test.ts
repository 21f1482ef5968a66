import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { channelStoredFiles } from "../../../src/adapters/stored-files.js";
import { MODULES } from "../../../src/app/modules.js";
import { manualClock } from "../../../src/core/clock.js";
import { ConfigError } from "../../../src/core/errors.js";
import { loadConfigText } from "../../../src/core/config/load.js";
import { silentLogger } from "../../../src/core/logger.js";
import { makeContact, makeConversation, makeEvent, makeInboundMessage } from "../../../src/core/model/index.js";
import { ERASED } from "../../../src/core/privacy/redaction.js";
import { RETENTION, RETENTION_KEY, RETENTION_RUN_EVENT, nextRetentionAt, retentionHandler } from "../../../src/core/scheduler/retention.js";
import { createScheduler } from "../../../src/core/scheduler/scheduler.js";
import { openSqliteStore } from "../../../src/core/store/sqlite/sqlite-store.js";
import { alwaysOpenConfig, startTestHub } from "../../helpers/hub.js";

const DAY = 86_400_000;
const T0 = new Date("2024-01-10T12:00:00Z");
const at = (days: number) => new Date(T0.getTime() + days * DAY);

describe("privacy.retention config", () => {
  it("reads periods in days, weeks or years; unset keeps forever; a malformed one is an error", () => {
    const base = "hub: { name: T }\n";
    const parsed = loadConfigText(
      `${base}privacy: { retention: { messages: 2y, attachments: 180d, resolved_conversations: 26w } }\n`,
      "t.yaml",
      {},
      MODULES,
    ).config;
    expect(parsed.privacy.retention).toEqual({ messages: 730 * DAY, attachments: 180 * DAY, resolved_conversations: 182 * DAY });
    expect(loadConfigText(base, "t.yaml", {}, MODULES).config.privacy.retention).toEqual({});
    expect(() => loadConfigText(`${base}privacy: { retention: { messages: 2 years } }\n`, "t.yaml", {}, MODULES)).toThrow(ConfigError);
  });
});

describe("retention run (durable daily timer)", () => {
  it("redacts attachments after 180 days and texts after 2 years, resolved conversations after a year, in slices, one event per run", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tl-retention-"));
    const store = openSqliteStore({ path: join(dir, "threadline.db") });
    const clock = manualClock(T0);
    const files = channelStoredFiles(dir);

    // The e-mail original of the first message, written when it arrived.
    const raw = Buffer.from("From: Carla <carla@example.com>\r\n\r\nmy IBAN is DE02120300000000202051\r\n");
    const sha = createHash("sha256").update(raw).digest("hex");
    const eml = join(dir, "email", "raw", `${sha}.eml`);
    mkdirSync(join(dir, "email", "raw"), { recursive: true });
    writeFileSync(eml, raw);
    utimesSync(eml, T0, T0);

    const carla = await store.createContact(makeContact({ name: "Carla", identities: [{ kind: "email", value: "carla@example.com" }], at: T0 }), []);
    const open = await store.createConversation(makeConversation({ contactId: carla.id, channel: "email", at: T0 }), []);
    const scope = { conversationId: open.id, contactId: carla.id };
    const old = makeInboundMessage({
      conversationId: open.id,
      contactId: carla.id,
      channel: "email",
      externalId: "m-old",
      text: "my IBAN is DE02120300000000202051",
      at: T0,
      attachments: [{ kind: "file", name: "original.eml", mimeType: "message/rfc822", size: raw.length, ref: `email-raw:${sha}.eml` }],
    });
    await store.appendMessage(old, [makeEvent("message.received", "customer", T0, scope, { messageId: old.id, channel: "email" })]);
    await store.appendEvents([makeEvent("message.edited", "customer", at(0.5), scope, { messageId: old.id, previousText: "my IBAN is DE02" })]);
    const recent = makeInboundMessage({
      conversationId: open.id,
      contactId: carla.id,
      channel: "email",
      externalId: "m-new",
      text: "still waiting, Carla",
      at: at(400),
    });
    await store.appendMessage(recent, []);
    const resolved = await store.createConversation(makeConversation({ contactId: carla.id, channel: "email", at: at(1) }), []);
    await store.appendMessage(
      makeInboundMessage({ conversationId: resolved.id, contactId: carla.id, channel: "email", externalId: "m-r", text: "thanks, Carla", at: at(1) }),
      [],
    );
    await store.updateConversation(resolved.id, { version: 1 }, { status: "resolved", fields: { order_number: "NW-1" }, updatedAt: at(2) }, []);

    const policy = { messages: 730 * DAY, attachments: 180 * DAY, resolved_conversations: 365 * DAY };
    const scheduler = createScheduler({
      store,
      clock,
      logger: silentLogger(),
      handlers: {
        [RETENTION]: retentionHandler({
          store,
          clock,
          files,
          policy,
          at: "03:00",
          schedule: (t, events) => scheduler.schedule(t, events),
          sliceConversations: 1,
          pageSize: 1,
        }),
      },
    });
    await scheduler.schedule({ key: RETENTION_KEY, kind: RETENTION, conversationId: null, dueAt: nextRetentionAt(clock.now(), "03:00"), data: {} });
    const runs = () => store.listEvents({ type: RETENTION_RUN_EVENT });

    // Day 100: nothing is old enough; the run still records itself.
    clock.set(new Date(at(100).getTime()));
    expect(await scheduler.flush()).toBeGreaterThan(0);
    expect((await runs()).map((e) => e.data.counts)).toEqual([{ conversations: 0, messages: 0, attachments: 0, events: 0, files: 0, outbox: 0, timers: 0 }]);
    expect((await store.getTimer(RETENTION_KEY))?.dueAt.toISOString()).toBe("2024-04-20T03:00:00.000Z");
    expect(existsSync(eml)).toBe(true);

    // Day 200: the first message's attachment (and its stored original) goes; its text stays.
    clock.set(at(200));
    await scheduler.flush();
    expect((await runs()).at(-1)?.data.counts).toMatchObject({ conversations: 1, messages: 1, attachments: 1, files: 1 });
    expect(existsSync(eml)).toBe(false);
    expect(await store.getMessage(old.id)).toMatchObject({ text: "my IBAN is DE02120300000000202051", attachments: [{ kind: "file", name: ERASED }] });

    // Day 400: the resolved conversation (resolved on day 2) is redacted as a whole; the open one's texts are younger than 2 years.
    clock.set(at(400));
    await scheduler.flush();
    expect((await runs()).at(-1)?.data.counts).toMatchObject({ conversations: 1, messages: 1 });
    expect((await store.listMessages(resolved.id)).map((m) => m.text)).toEqual([ERASED]);
    expect(await store.getConversation(resolved.id)).toMatchObject({ status: "resolved", fields: {} });
    expect((await store.getMessage(old.id))?.text).toBe("my IBAN is DE02120300000000202051");

    // Day 740: the old text goes, with the personal data of the events of that time; the day-400 message stays.
    clock.set(at(740));
    await scheduler.flush();
    expect((await runs()).at(-1)?.data.counts).toMatchObject({ conversations: 1, messages: 1, events: 1 });
    expect((await store.listMessages(open.id)).map((m) => m.text)).toEqual([ERASED, "still waiting, Carla"]);
    expect(JSON.stringify(await store.listEvents({ conversationId: open.id }))).not.toContain("DE02");
    expect((await store.getContact(carla.id))?.name).toBe("Carla");

    // One event per run, counts only; the next run is tomorrow at 03:00.
    const events = await runs();
    expect(events).toHaveLength(4);
    for (const e of events) expect(Object.keys(e.data).sort()).toEqual(["counts", "retention", "startedAt"]);
    expect((await store.getTimer(RETENTION_KEY))?.dueAt.getTime()).toBe(nextRetentionAt(at(740), "03:00").getTime());
    await scheduler.stop();
    await store.close();
  });
});

describe("retention wiring", () => {
  it("the hub schedules the daily run when privacy.retention is set, and removes it when unset", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tl-retention-hub-"));
    const clock = manualClock(new Date("2026-11-24T10:00:00Z"));
    const withRetention = await startTestHub({ dataDir, clock, configYaml: `${alwaysOpenConfig()}\nprivacy:\n  retention:\n    messages: 2y\n` });
    try {
      const timer = await withRetention.store.getTimer(RETENTION_KEY);
      expect(timer?.kind).toBe(RETENTION);
      expect(timer?.dueAt.toISOString()).toBe("2026-11-25T03:00:00.000Z");
    } finally {
      await withRetention.stop();
    }
    const without = await startTestHub({ dataDir, clock });
    try {
      expect(await without.store.getTimer(RETENTION_KEY)).toBeNull();
    } finally {
      await without.stop();
    }
  });
});
