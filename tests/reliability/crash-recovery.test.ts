import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openSqliteStore } from "../../src/core/store/sqlite/sqlite-store.js";
import { kill9, spawnChildHub } from "../helpers/child.js";
import { startTestHub } from "../helpers/hub.js";

const tmp = () => mkdtempSync(join(tmpdir(), "tl-crash-"));
/** Each child is a fresh tsx process: ~4 s to start idle, ~18 s on a loaded 2-core CI machine. */
const CHILD_TEST_TIMEOUT = 150_000;

describe("nothing is lost when the process dies", () => {
  it(
    "a message acknowledged over HTTP but never decided is decided and answered after a restart",
    async () => {
      const dataDir = tmp();
      const first = spawnChildHub(["stall-decide", dataDir]);
      const { url } = (await first.waitFor("ready")) as { url: string };
      const session = (await (await fetch(`${url}/api/web/session`, { method: "POST" })).json()) as { token: string };
      const res = await fetch(`${url}/api/web/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${session.token}` },
        body: JSON.stringify({ text: "Where is my parcel?", clientMessageId: "c1" }),
      });
      expect(res.status).toBe(202);
      const { messageId } = (await res.json()) as { messageId: string };
      await kill9(first); // acknowledged, persisted, no decision, no reply

      const before = openSqliteStore({ path: join(dataDir, "threadline.db") });
      expect((await before.getMessage(messageId))?.decidedAt).toBeNull();
      await before.close();

      const second = await startTestHub({ dataDir });
      try {
        const message = await second.store.getMessage(messageId);
        expect(message?.decidedAt).not.toBeNull();
        const replies = await second.store.listMessages(message!.conversationId, { direction: "outbound" });
        // The restarted hub runs the full AI decision: the greeting, then the question for the order number.
        expect(replies.map((m) => m.text)).toEqual([expect.stringContaining("thanks for contacting Northwind"), expect.stringContaining("order number")]);
        await second.hub.settle();
        expect((await second.store.getMessage(replies[0]!.id))?.deliveryState).toMatch(/sent|delivered/);
      } finally {
        await second.stop();
      }
    },
    CHILD_TEST_TIMEOUT,
  );

  it(
    "a reply whose delivery was in flight is delivered after a restart (lease expiry)",
    async () => {
      const dataDir = tmp();
      const first = spawnChildHub(["stall-send", dataDir, "1"]);
      await first.waitFor("sending");
      await kill9(first);
      const db = new Database(join(dataDir, "threadline.db"), { readonly: true });
      expect(db.prepare("SELECT status FROM outbox").all()).toEqual([{ status: "sending" }]);
      db.close();

      const second = spawnChildHub(["writer", dataDir, "0"]);
      const { sent } = (await second.waitFor("sent", 90_000)) as { sent: string[] };
      await second.exited;
      expect(sent).toHaveLength(1);
      const after = new Database(join(dataDir, "threadline.db"), { readonly: true });
      expect(after.prepare("SELECT COUNT(*) AS n FROM outbox").get()).toEqual({ n: 0 });
      expect(after.prepare("SELECT delivery_state FROM messages WHERE direction = 'outbound'").all()).toEqual([{ delivery_state: "sent" }]);
      const sentEvents = after.prepare("SELECT data FROM events WHERE type = 'message.sent'").all() as { data: string }[];
      expect(sentEvents.map((e) => JSON.parse(e.data).attempt)).toEqual([2]);
      after.close();
    },
    CHILD_TEST_TIMEOUT,
  );
});

describe("two hub processes on one SQLite file", () => {
  it(
    "ingest and deliver concurrently without corruption, loss or double delivery",
    async () => {
      const dataDir = tmp();
      // Create the schema first so both start from a migrated file (they would also race the migration safely).
      await (await import("../../src/core/store/sqlite/sqlite-store.js")).openSqliteStore({ path: join(dataDir, "threadline.db") }).close();
      const n = 150;
      const a = spawnChildHub(["writer", dataDir, String(n), "a"]);
      const b = spawnChildHub(["writer", dataDir, String(n), "b"]);
      const [ra, rb] = await Promise.all([a.waitFor("sent", 120_000), b.waitFor("sent", 120_000)]);
      await Promise.all([a.exited, b.exited]);
      const sent = [...(ra.sent as string[]), ...(rb.sent as string[])];
      expect(new Set(sent).size).toBe(sent.length); // no message sent twice
      expect(sent).toHaveLength(2 * n); // one greeting per new conversation, all delivered

      const db = new Database(join(dataDir, "threadline.db"), { readonly: true });
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      expect(count("SELECT COUNT(*) n FROM messages WHERE direction = 'inbound'")).toBe(2 * n);
      expect(count("SELECT COUNT(*) n FROM messages WHERE direction = 'inbound' AND decided_at IS NULL")).toBe(0);
      expect(count("SELECT COUNT(*) n FROM outbox")).toBe(0);
      expect(count("SELECT COUNT(*) n FROM messages WHERE direction = 'outbound' AND delivery_state = 'sent'")).toBe(2 * n);
      expect(count("SELECT COUNT(*) n FROM events WHERE type = 'message.sent'")).toBe(2 * n);
      expect(count("SELECT COUNT(*) n FROM conversations")).toBe(2 * n);
      expect(count("SELECT COUNT(*) n FROM events WHERE type = 'message.received'")).toBe(2 * n);
      db.close();
    },
    CHILD_TEST_TIMEOUT,
  );
});
