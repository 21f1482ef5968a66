import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { registerOutboxCommand } from "../../src/cli/commands/outbox.js";
import { makeContact, makeConversation, makeOutboundMessage, newId, type ChannelId } from "../../src/core/model/index.js";
import { openSqliteStore } from "../../src/core/store/sqlite/sqlite-store.js";
import type { Store } from "../../src/core/store/port.js";
import { runCommand } from "../knowledge/helpers/kb-cli.js";

const t0 = new Date("2026-11-24T09:00:00Z");

/** A conversation on `channel` (also reachable on e-mail) whose one reply died with `error`. */
async function deadReply(store: Store, channel: ChannelId, error: string): Promise<string> {
  const contact = await store.createContact(makeContact({ name: "Ana", identities: [{ kind: "email", value: `${newId("ct")}@example.com` }], at: t0 }), []);
  const c = await store.createConversation(
    { ...makeConversation({ contactId: contact.id, channel, at: t0 }), addresses: { [channel]: { chatId: "1" }, email: { email: "ana@example.com" } } },
    [],
  );
  const m = makeOutboundMessage({
    conversationId: c.id,
    contactId: contact.id,
    channel,
    text: "Your order ships today",
    authorKind: "ai",
    authorId: "ai",
    at: t0,
  });
  const entryId = newId("ob");
  await store.enqueueOutbound(
    m,
    {
      id: entryId,
      messageId: m.id,
      conversationId: c.id,
      channel,
      address: { chatId: "1" },
      attempts: 0,
      status: "pending",
      nextAttemptAt: t0,
      leaseUntil: null,
      lastError: null,
      createdAt: t0,
    },
    [],
  );
  await store.claimOutbox(t0, 10, 1000);
  await store.completeOutbox(entryId, { status: "dead", error, at: t0 }, []);
  return m.id;
}

describe("threadline outbox dead | resend", () => {
  it("lists dead replies (by channel), resends one via another channel once, and records the operator", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tl-outbox-cli-"));
    const store = openSqliteStore({ path: join(dir, "threadline.db") });
    const telegram = await deadReply(store, "telegram", "invalid_recipient: bot was blocked by the user");
    const whatsapp = await deadReply(store, "whatsapp-cloud", "invalid_recipient: outside the 24-hour window");
    await store.close();
    const config = join(dir, "threadline.yaml");
    writeFileSync(config, `hub: { name: Test, data_dir: ${dir} }\n`);
    const run = (args: string[]) => runCommand(registerOutboxCommand, ["outbox", ...args, "--config", config], { env: { USER: "olga" } });

    const all = await run(["dead"]);
    expect(all.code).toBe(0);
    expect(
      all.stdout
        .split("\n")
        .filter((l) => l.startsWith("msg_"))
        .map((l) => l.split("\t").slice(0, 2)),
    ).toEqual([
      [telegram, "telegram"],
      [whatsapp, "whatsapp-cloud"],
    ]);
    expect(all.stdout).toContain("bot was blocked by the user");
    const onlyWa = await run(["dead", "--channel", "whatsapp-cloud", "--json"]);
    expect(
      onlyWa.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { messageId: string; error: string }),
    ).toEqual([expect.objectContaining({ messageId: whatsapp, error: "invalid_recipient: outside the 24-hour window" })]);
    expect((await run(["dead", "--channel", "fax"])).code).toBe(1);

    const resent = await run(["resend", whatsapp, "--via", "email"]);
    expect(resent).toMatchObject({ code: 0, stderr: "" });
    expect(resent.stdout).toMatch(/^queued msg_\S+ on email \(resend of msg_/);
    const again = await run(["resend", whatsapp, "--via", "email"]);
    expect(again.stdout).toMatch(/already resent/);
    expect(
      (await run(["dead"])).stdout
        .split("\n")
        .filter((l) => l.startsWith("msg_"))
        .map((l) => l.split("\t")[0]),
    ).toEqual([telegram]);
    const refused = await run(["resend", "msg_unknown"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^not_found: /);

    const check = openSqliteStore({ path: join(dir, "threadline.db") });
    try {
      const events = await check.listEvents({ type: "reply.resent" });
      expect(events.map((e) => [e.actor, e.data.messageId, e.data.channel])).toEqual([["operator:olga", whatsapp, "email"]]);
      expect(await check.countOutbox("pending")).toBe(1);
    } finally {
      await check.close();
    }
  });
});
