import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { whatsappConfigSchema } from "../../../src/adapters/whatsapp/config.js";
import { createWhatsappAdapter, WhatsappMediaError, type WhatsappChannelAdapter } from "../../../src/adapters/whatsapp/index.js";
import type { InboundMessage } from "../../../src/core/channel/adapter.js";
import { systemClock } from "../../../src/core/clock.js";
import { silentLogger } from "../../../src/core/logger.js";
import { fakeClientFactory, type FakeWaClient } from "../../fakes/whatsapp-web-client.js";
import { CUSTOMER_CHAT, eventually } from "./helpers.js";

async function started() {
  const clients = fakeClientFactory();
  const ingested: InboundMessage[] = [];
  const adapter = createWhatsappAdapter(
    whatsappConfigSchema.parse({ media_max_size: "1kb" }),
    {
      logger: silentLogger(),
      clock: systemClock,
      dataDir: mkdtempSync(join(tmpdir(), "tl-wa-media-")),
      publicUrl: "http://localhost",
      history: async () => [],
    },
    { clientFactory: clients.factory },
  );
  await adapter.start({
    ingest: async (messages) => {
      ingested.push(...messages);
      return messages.map(() => ({ messageId: "m", conversationId: "c", contactId: "k", duplicate: false, newConversation: false }));
    },
    deliveryUpdate: async () => undefined,
  });
  return { adapter, client: clients.last(), ingested };
}

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof WhatsappMediaError) return err.reason;
    throw err;
  }
  throw new Error("did not fail");
}

describe("whatsapp media on demand", () => {
  let adapter: WhatsappChannelAdapter;
  let client: FakeWaClient;
  let ingested: InboundMessage[];
  afterEach(async () => {
    await adapter?.stop();
  });

  it("downloads a file within media_max_size and refuses larger ones, before and after downloading", async () => {
    ({ adapter, client, ingested } = await started());
    expect(await reason(adapter.fetchMedia("anything"))).toBe("not_connected");
    client.becomeReady();

    const small = client.receive({ from: CUSTOMER_CHAT, type: "document", mimetype: "application/pdf", filename: "a.pdf", size: 300 });
    const announcedBig = client.receive({ from: CUSTOMER_CHAT, type: "video", mimetype: "video/mp4", size: 50_000_000 });
    const sneakyBig = client.receive({ from: CUSTOMER_CHAT, type: "image", mimetype: "image/png" });
    const expired = client.receive({ from: CUSTOMER_CHAT, type: "audio", mimetype: "audio/mpeg", size: 10 });
    await eventually(() => expect(ingested).toHaveLength(4));
    // Only metadata was taken at ingest time: no download happened.
    expect(ingested[1]!.attachments).toEqual([{ kind: "video", mimeType: "video/mp4", size: 50_000_000, ref: announcedBig.id._serialized }]);

    client.media.set(small.id._serialized, { mimetype: "application/pdf", data: Buffer.alloc(300, 7), filename: "a.pdf" });
    client.media.set(sneakyBig.id._serialized, { mimetype: "image/png", data: Buffer.alloc(4096, 1) });
    client.media.set(expired.id._serialized, null);

    expect(await adapter.fetchMedia(small.id._serialized)).toEqual({ mimeType: "application/pdf", name: "a.pdf", bytes: Buffer.alloc(300, 7) });
    expect(await reason(adapter.fetchMedia(announcedBig.id._serialized))).toBe("too_large");
    expect(await reason(adapter.fetchMedia(sneakyBig.id._serialized))).toBe("too_large");
    expect(await reason(adapter.fetchMedia(expired.id._serialized))).toBe("unavailable");
    expect(await reason(adapter.fetchMedia("false_123@c.us_UNKNOWN"))).toBe("not_found");
  });
});
