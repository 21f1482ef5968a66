import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChannelHost, ExternalReply, InboundMessage, IngestOutcome } from "../../../src/core/channel/adapter.js";
import type { ChannelDeps } from "../../../src/core/channel/module.js";
import { systemClock } from "../../../src/core/clock.js";
import { silentLogger, type Logger } from "../../../src/core/logger.js";
import { emailChannel, type EmailChannelConfig } from "../../../src/adapters/email/index.js";
import type { Dovecot } from "../../fakes/dovecot.js";
import type { SmtpSink } from "../../fakes/smtp-sink.js";

export const SUPPORT = "support@shop.example";

/** A fake ChannelHost recording ingests; `failNext` makes the next ingests reject. */
export function fakeHost() {
  const ingested: InboundMessage[] = [];
  const external: ExternalReply[] = [];
  const state = { failNext: 0 };
  const host: ChannelHost & { ingested: InboundMessage[]; external: ExternalReply[]; state: typeof state } = {
    ingested,
    external,
    state,
    async ingest(messages) {
      if (state.failNext > 0) {
        state.failNext--;
        throw new Error("simulated store failure");
      }
      ingested.push(...messages);
      return messages.map(
        (_, i): IngestOutcome => ({
          messageId: `msg-${ingested.length + i}`,
          conversationId: "cv_1",
          contactId: "ct_1",
          duplicate: false,
          newConversation: false,
        }),
      );
    },
    async deliveryUpdate() {},
    async recordExternalReply(reply) {
      external.push(reply);
      return { messageId: `ext-${external.length}`, conversationId: "cv_1", duplicate: false };
    },
  };
  return host;
}

export function deps(dataDir = mkdtempSync(join(tmpdir(), "tl-email-")), logger: Logger = silentLogger()): ChannelDeps {
  return { logger, clock: systemClock, dataDir, publicUrl: "http://127.0.0.1:3000", history: async () => [] };
}

/** A parsed config pointing at the test servers (plaintext on loopback). */
export function configFor(
  imap: Pick<Dovecot, "port" | "user" | "password">,
  smtp: Pick<SmtpSink, "port"> | null,
  extra: Record<string, unknown> = {},
): EmailChannelConfig {
  return emailChannel.configSchema.parse({
    address: SUPPORT,
    username: imap.user,
    password: imap.password,
    imap_host: "127.0.0.1",
    imap_port: imap.port,
    imap_security: "none",
    smtp_host: "127.0.0.1",
    smtp_port: smtp?.port ?? 9,
    smtp_security: "none",
    poll_interval: "2s",
    ...extra,
  });
}

let seq = 0;
/** A raw RFC 822 mail (LF line ends; the Dovecot helper converts them to CRLF). */
export function rawMail(
  opts: { from?: string; to?: string; subject?: string; id?: string; headers?: Record<string, string>; body?: string; contentType?: string } = {},
): string {
  const id = opts.id ?? `<c${++seq}.${Date.now()}@customer.example>`;
  const headers: Record<string, string> = {
    From: opts.from ?? "Ann Example <ann@customer.example>",
    To: opts.to ?? SUPPORT,
    Subject: opts.subject ?? "Where is my order?",
    Date: new Date().toUTCString(),
    "Message-ID": id,
    "MIME-Version": "1.0",
    "Content-Type": opts.contentType ?? "text/plain; charset=utf-8",
    ...opts.headers,
  };
  return `${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n")}\n\n${opts.body ?? "Hello, my order 1234 has not arrived."}\n`;
}

export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 8000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
