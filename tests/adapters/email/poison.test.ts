import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createEmailChannelAdapter } from "../../../src/adapters/email/index.js";
import type { ChannelAdapter } from "../../../src/core/channel/adapter.js";
import { dovecotSkipReason, startDovecot, type Dovecot } from "../../fakes/dovecot.js";
import { configFor, deps, eventually, fakeHost, rawMail } from "./helpers.js";

const skip = dovecotSkipReason();

describe.skipIf(skip !== null)(`e-mail: a poison mail is dead-lettered${skip ? ` — SKIPPED: ${skip}` : ""}`, () => {
  let dovecot: Dovecot;
  let adapter: ChannelAdapter | null = null;
  beforeAll(async () => {
    dovecot = await startDovecot();
  });
  afterAll(async () => {
    await dovecot?.stop();
  });
  afterEach(async () => {
    await adapter?.stop();
    adapter = null;
    for (const m of await dovecot.list()) await dovecot.deleteUid(m.uid);
  });

  it("a mail whose ingest keeps failing is recorded in the dead-letter file after 5 tries and later mail is ingested", async () => {
    const d = deps();
    adapter = createEmailChannelAdapter(configFor(dovecot, null), d, { initialBackoffMs: 50, autoIdleDelayMs: 200 });
    const host = fakeHost();
    const ingest = host.ingest.bind(host);
    let poisonTries = 0;
    host.ingest = async (messages) => {
      if (messages.some((m) => m.externalId === "<poison@customer.example>")) {
        poisonTries++;
        throw new Error("cannot store this mail");
      }
      return ingest(messages);
    };
    await adapter.start(host);
    await eventually(() => adapter!.status().ok, 8000, "watching");
    await dovecot.append(rawMail({ id: "<poison@customer.example>", body: "This one cannot be stored." }));
    await dovecot.append(rawMail({ id: "<later@customer.example>", body: "A later customer." }));
    await eventually(() => host.ingested.length === 1, 30_000, "later mail ingested");
    expect(host.ingested[0]!.externalId).toBe("<later@customer.example>");
    expect(poisonTries).toBe(5);
    const [line] = readFileSync(join(d.dataDir, "dead-letter", "email.jsonl"), "utf8")
      .trim()
      .split("\n");
    const record = JSON.parse(line!) as { key: string; attempts: number; payload: { source: string; raw: string } };
    expect(record).toMatchObject({ attempts: 5, payload: { source: "inbox" } });
    expect(Buffer.from(record.payload.raw, "base64").toString("utf8")).toContain("<poison@customer.example>");
  });
});
