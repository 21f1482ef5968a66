import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CHANNEL_MODULES } from "../../../src/adapters/registry.js";
import { createEmailChannelAdapter, emailChannel } from "../../../src/adapters/email/index.js";
import { composeReply, toSendError, type ComposedMail, type Mailer } from "../../../src/adapters/email/send.js";
import { SendError, type OutboundMessage } from "../../../src/core/channel/adapter.js";
import { deps, fakeHost, SUPPORT } from "./helpers.js";

const outbound = (extra: Partial<OutboundMessage> = {}): OutboundMessage => ({
  messageId: "msg_019a0000000000000000000000",
  conversationId: "cv_019a00000000000000000000ab",
  text: "Hello Ann,\n\nit ships today.\nBye <3",
  attachments: [],
  authorKind: "agent",
  createdAt: new Date(),
  ...extra,
});

describe("email channel module", () => {
  it("is registered, with the connection settings as required secrets", () => {
    expect(CHANNEL_MODULES).toContain(emailChannel);
    expect(emailChannel.id).toBe("email");
    expect([...emailChannel.requiredSecrets].sort()).toEqual(["address", "imap_host", "password", "smtp_host", "username"]);
  });

  it("fills defaults and rejects unknown keys and bad values", () => {
    const parsed = emailChannel.configSchema.parse({ address: SUPPORT });
    expect(parsed).toMatchObject({
      enabled: true,
      imap_port: 993,
      imap_security: "tls",
      smtp_port: 465,
      smtp_security: "tls",
      mailbox: "INBOX",
      processed: "seen",
      reply_to: "{local}+{token}@{domain}",
      subject_token: false,
      max_attachment_size: 10 * 1024 * 1024,
      subject_window: 30 * 86_400_000,
    });
    const bad = [
      { unknown: 1 },
      { address: "not-an-address" },
      { imap_security: "ssl" },
      { processed: "delete" },
      { reply_to: "support@x.example" },
      { agent_domains: ["not a domain"] },
      { max_attachment_size: "lots" },
    ];
    for (const config of bad) expect(emailChannel.configSchema.safeParse(config).success, JSON.stringify(config)).toBe(false);
  });

  it("describes every key (the editor JSON Schema is generated from it)", () => {
    const schema = z.toJSONSchema(emailChannel.configSchema as z.ZodType, { io: "input" }) as {
      description?: string;
      properties: Record<string, { description?: string }>;
    };
    expect(schema.description).toBeTruthy();
    for (const [key, prop] of Object.entries(schema.properties)) expect(prop.description, key).toBeTruthy();
  });

  it("composes a threaded reply: our Message-ID, In-Reply-To, References, tokenised Reply-To, Re: subject, text + HTML", () => {
    const mail = composeReply(
      {
        email: "ann@customer.example",
        name: "Ann",
        subject: "AW: RE: Order 1234",
        messageId: "<q2@customer.example>",
        references: ["<q1@customer.example>", "<msg_1@shop.example>"],
      },
      outbound(),
      {
        address: SUPPORT,
        fromName: "Northwind",
        messageIdDomain: "shop.example",
        replyToTemplate: "{local}+{token}@{domain}",
        subjectToken: true,
        fallbackSubject: "x",
      },
    );
    expect(mail).toMatchObject({
      messageId: "<msg_019a0000000000000000000000@shop.example>",
      inReplyTo: "<q2@customer.example>",
      references: ["<q1@customer.example>", "<msg_1@shop.example>", "<q2@customer.example>"],
      replyTo: "support+c_cv_019a00000000000000000000ab@shop.example",
      subject: "Re: Order 1234 [#c_cv_019a00000000000000000000ab]",
      to: { address: "ann@customer.example", name: "Ann" },
      automatic: false,
    });
    expect(mail.html).toContain("<p>Hello Ann,</p>\n<p>it ships today.<br>Bye &lt;3</p>");
    expect(
      composeReply({ email: "a@b.example" }, outbound({ authorKind: "ai" }), {
        address: SUPPORT,
        fromName: "N",
        messageIdDomain: "shop.example",
        replyToTemplate: "{local}+{token}@{domain}",
        subjectToken: false,
        fallbackSubject: "Your message",
      }),
    ).toMatchObject({ subject: "Re: Your message", inReplyTo: undefined, references: [], automatic: true });
  });

  it("sends through the mailer and returns the Message-ID as the external id; a bad address or missing settings fail typed", async () => {
    const sent: ComposedMail[] = [];
    const mailer: Mailer = {
      async send(m) {
        sent.push(m);
      },
      close() {},
    };
    const config = emailChannel.configSchema.parse({
      address: SUPPORT,
      username: "u",
      password: "p",
      imap_host: "127.0.0.1",
      imap_port: 1,
      smtp_host: "127.0.0.1",
    });
    const adapter = createEmailChannelAdapter(config, deps(), { mailer, initialBackoffMs: 60_000 });
    await adapter.start(fakeHost());
    try {
      const result = await adapter.send({ email: "ann@customer.example", subject: "Order", messageId: "<q@c.example>" }, outbound());
      expect(result).toEqual({ externalId: "<msg_019a0000000000000000000000@shop.example>" });
      expect(sent).toHaveLength(1);
      await expect(adapter.send({ phone: "+49" }, outbound())).rejects.toMatchObject({ kind: "invalid_recipient" });
      // Never to an address nobody reads: refused for good (the outbox does not retry invalid_recipient).
      for (const email of ["noreply@dhl.example", "do-not-reply@paypal.example", "MAILER-DAEMON@mx.example", "postmaster@kunde.example"]) {
        await expect(adapter.send({ email }, outbound())).rejects.toMatchObject({ kind: "invalid_recipient" });
      }
      expect(sent).toHaveLength(1);
    } finally {
      await adapter.stop();
    }
    const unset = createEmailChannelAdapter(emailChannel.configSchema.parse({ address: SUPPORT }), deps(), { mailer });
    expect(unset.status()).toEqual({
      ok: false,
      detail: "missing channels.email.username, channels.email.password, channels.email.imap_host, channels.email.smtp_host",
    });
    await expect(unset.send({ email: "a@b.example" }, outbound())).rejects.toMatchObject({ kind: "auth" });
  });

  it("maps SMTP failures to the outbox's error kinds", () => {
    expect(toSendError(Object.assign(new Error("Invalid login"), { code: "EAUTH", responseCode: 535 })).kind).toBe("auth");
    expect(toSendError(Object.assign(new Error("try later"), { responseCode: 421 })).kind).toBe("transient");
    expect(toSendError(Object.assign(new Error("no such user"), { responseCode: 550, command: "RCPT TO" })).kind).toBe("invalid_recipient");
    expect(toSendError(Object.assign(new Error("too big"), { responseCode: 552, command: "DATA" })).kind).toBe("unsupported");
    expect(toSendError(Object.assign(new Error("connect ECONNREFUSED"), { code: "ESOCKET" })).kind).toBe("transient");
    expect(toSendError(new SendError("auth", "x"))).toBeInstanceOf(SendError);
  });

  it("keeps imapflow, nodemailer and mailparser inside src/adapters/email", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) {
          if (path !== join("src", "adapters", "email")) walk(path);
        } else if (/\.ts$/.test(name) && /from\s+["'](imapflow|nodemailer|mailparser)/.test(readFileSync(path, "utf8"))) offenders.push(path);
      }
    };
    walk("src");
    expect(offenders).toEqual([]);
  });
});
