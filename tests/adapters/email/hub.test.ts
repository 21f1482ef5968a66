import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { dovecotSkipReason, startDovecot, type Dovecot } from "../../fakes/dovecot.js";
import { startSmtpSink, type SmtpSink } from "../../fakes/smtp-sink.js";
import { alwaysOpenConfig, startTestHub, withoutChannel, type TestHub } from "../../helpers/hub.js";
import { eventually, rawMail, SUPPORT } from "./helpers.js";

const skip = dovecotSkipReason();

/** The shipped config with an email section the way an admin writes it (secrets from the environment), pointed at the local servers. */
function configWithEmail(imapPort: number, smtpPort: number, extra = ""): string {
  // Drop the shipped email section (only under channels:, other sections may have an "email:" key too), so ours is the only one.
  const full = alwaysOpenConfig();
  const at = full.indexOf("\nchannels:\n");
  expect(at).toBeGreaterThan(0);
  const base = full.slice(0, at) + withoutChannel(full.slice(at), "email");
  return base.replace(
    "\nchannels:\n",
    [
      "\nchannels:",
      "  email:",
      "    address: ${EMAIL_ADDRESS}",
      "    username: ${EMAIL_USERNAME}",
      "    password: ${EMAIL_PASSWORD}",
      "    imap_host: ${EMAIL_IMAP_HOST}",
      `    imap_port: ${imapPort}`,
      "    imap_security: none",
      "    smtp_host: ${EMAIL_SMTP_HOST}",
      `    smtp_port: ${smtpPort}`,
      "    smtp_security: none",
      "    from_name: Northwind Support",
      "    agent_domains: [shop.example]",
      "    poll_interval: 2s",
      extra,
      "",
    ]
      .filter((l) => l !== "")
      .join("\n") + "\n",
  );
}

describe.skipIf(skip !== null)(`e-mail in the real hub (Dovecot + SMTP sink)${skip ? ` — SKIPPED: ${skip}` : ""}`, () => {
  let dovecot: Dovecot;
  let smtp: SmtpSink;
  let hub: TestHub | null = null;
  const env = () => ({
    EMAIL_ADDRESS: SUPPORT,
    EMAIL_USERNAME: dovecot.user,
    EMAIL_PASSWORD: dovecot.password,
    EMAIL_IMAP_HOST: "127.0.0.1",
    EMAIL_SMTP_HOST: "127.0.0.1",
  });

  beforeAll(async () => {
    dovecot = await startDovecot();
    smtp = await startSmtpSink();
  });
  afterAll(async () => {
    await smtp?.close();
    await dovecot?.stop();
  });
  afterEach(async () => {
    await hub?.stop();
    hub = null;
  });

  async function ready(): Promise<Record<string, { ok: boolean; detail: string }>> {
    return ((await fetch(`${hub!.url}/readyz`).then((r) => r.json())) as { checks: Record<string, { ok: boolean; detail: string }> }).checks;
  }

  it("threads a customer's mail, our SMTP reply, an Outlook reply with a new subject, an agent's reply from Outlook and a token reply to a resolved case into ONE conversation", async () => {
    hub = await startTestHub({ configYaml: configWithEmail(dovecot.port, smtp.port), env: env() });
    expect(hub.hub.plan.find((p) => p.id === "email")).toMatchObject({ state: "on" });
    await eventually(async () => (await ready())["channel:email"]?.ok === true, 8000, "email ready");
    const sentBefore = smtp.mails.length;

    // 1. The customer writes.
    await dovecot.append(rawMail({ id: "<q1@customer.example>", subject: "Order 1234 late", body: "Hi, order 1234 has not arrived.\n\nSent from my iPhone" }));
    await eventually(async () => (await hub!.store.findMessageByExternalId("email", "<q1@customer.example>")) !== null, 8000, "stored");
    const first = (await hub.store.findMessageByExternalId("email", "<q1@customer.example>"))!;
    expect(first.text).toBe("Hi, order 1234 has not arrived.");
    const conversationId = first.conversationId;

    // 2. The greeting goes out over SMTP, threaded under the customer's mail.
    await hub.hub.settle();
    const [reply] = (await smtp.waitFor(sentBefore + 1)).slice(sentBefore);
    const ours = (await hub.store.listMessages(conversationId)).find((m) => m.direction === "outbound" && m.externalId === reply!.parsed.messageId)!;
    expect(ours.deliveryState).toBe("sent");
    expect(reply!.parsed.messageId).toBe(ours.externalId);
    expect(ours.externalId).toMatch(/^<msg_[0-9a-f]+@shop\.example>$/);
    expect(reply!.parsed.inReplyTo).toBe("<q1@customer.example>");
    expect([reply!.parsed.references].flat()).toEqual(["<q1@customer.example>"]);
    expect(reply!.parsed.replyTo?.value[0]?.address).toBe(`support+c_${conversationId}@shop.example`);
    expect(reply!.parsed.subject).toBe("Re: Order 1234 late");
    expect(reply!.parsed.from?.value[0]).toMatchObject({ address: SUPPORT, name: "Northwind Support" });
    expect(reply!.to).toEqual(["ann@customer.example"]);
    expect(reply!.parsed.text?.trim()).toBe(ours.text);
    expect(reply!.parsed.html).toContain("<p>");
    if (ours.authorKind !== "agent") expect(reply!.parsed.headers.get("auto-submitted")).toBe("auto-replied");

    // Resolved long ago: from here on only threading (not the continuity or reopen window) can bring a mail back into this conversation.
    const resolveLongAgo = async () => {
      const c = (await hub!.store.getConversation(conversationId))!;
      await hub!.store.updateConversation(c.id, { version: c.version }, { status: "resolved", updatedAt: new Date(Date.now() - 40 * 86_400_000) }, []);
    };
    await resolveLongAgo();

    // 3. Outlook-style reply: In-Reply-To only (no References), Thread-Index, a changed subject, the quote as a From:/Sent: block.
    await dovecot.append(
      rawMail({
        id: "<outlook-q2@customer.example>",
        subject: "AW: new delivery address for 1234",
        headers: { "In-Reply-To": ours.externalId!, "Thread-Index": "AQHZ8k2Lr5cJX0G6kUeKk1mWb3b1Aw==", "X-Mailer": "Microsoft Outlook 16.0" },
        body: "Please ship it to Hauptstr. 5 instead.\n\nAnn\n\n________________________________\nFrom: Northwind Support <support@shop.example>\nSent: Monday, November 24, 2026 10:00 AM\nTo: Ann Example <ann@customer.example>\nSubject: Re: Order 1234 late\n\nHi, thanks for contacting us",
      }),
    );
    await eventually(async () => (await hub!.store.findMessageByExternalId("email", "<outlook-q2@customer.example>")) !== null, 8000, "outlook reply stored");
    const second = (await hub.store.findMessageByExternalId("email", "<outlook-q2@customer.example>"))!;
    expect(second.conversationId).toBe(conversationId);
    expect(second.text).toBe("Please ship it to Hauptstr. 5 instead.\n\nAnn");

    // 4. An agent answers from Outlook (From our domain), with the customer's mail quoted: recorded, not a new conversation, not re-sent.
    await dovecot.append(
      rawMail({
        from: "Jonas Weber <jonas@shop.example>",
        to: "Ann Example <ann@customer.example>",
        id: "<agent-1@shop.example>",
        subject: "RE: new delivery address for 1234",
        headers: { "In-Reply-To": "<outlook-q2@customer.example>" },
        body: "Done, Ann: it goes to Hauptstr. 5.\n\n-----Original Message-----\nFrom: Ann\nold",
      }),
    );
    await eventually(async () => (await hub!.store.findMessageByExternalId("email", "<agent-1@shop.example>")) !== null, 8000, "agent reply recorded");
    const agent = (await hub.store.findMessageByExternalId("email", "<agent-1@shop.example>"))!;
    expect(agent).toMatchObject({
      conversationId,
      direction: "outbound",
      authorKind: "agent",
      authorId: "jonas@shop.example",
      deliveryState: "sent",
      text: "Done, Ann: it goes to Hauptstr. 5.",
    });

    // 5. The case is resolved; weeks later the customer writes a fresh mail (no headers) to the Reply-To token address: the same conversation reopens.
    await resolveLongAgo();
    await dovecot.append(
      rawMail({
        id: "<q3@customer.example>",
        to: `support+c_${conversationId}@shop.example`,
        subject: "one more thing",
        body: "Can you also add a gift note?",
      }),
    );
    await eventually(async () => (await hub!.store.findMessageByExternalId("email", "<q3@customer.example>")) !== null, 8000, "token reply stored");
    expect((await hub.store.findMessageByExternalId("email", "<q3@customer.example>"))!.conversationId).toBe(conversationId);
    expect(await hub.store.getConversation(conversationId)).toMatchObject({ status: "open" });

    // 6. Resolved again; the customer's client drops every header and the token, but the subject is the thread's: joined by contact + normalised subject.
    await resolveLongAgo();
    await dovecot.append(rawMail({ id: "<q4@customer.example>", subject: "RE: AW: order 1234 LATE", body: "Any news?" }));
    await eventually(async () => (await hub!.store.findMessageByExternalId("email", "<q4@customer.example>")) !== null, 8000, "subject reply stored");
    expect((await hub.store.findMessageByExternalId("email", "<q4@customer.example>"))!.conversationId).toBe(conversationId);

    await hub.hub.settle();
    expect(await hub.store.listConversations({})).toHaveLength(1);
    const transcript = await hub.store.listMessages(conversationId);
    // Whatever the decision step answered, every customer mail and the agent's reply are in this one conversation, in order.
    expect(transcript.filter((m) => m.direction === "inbound" || m.authorKind === "agent").map((m) => m.externalId)).toEqual([
      "<q1@customer.example>",
      "<outlook-q2@customer.example>",
      "<agent-1@shop.example>",
      "<q3@customer.example>",
      "<q4@customer.example>",
    ]);
    // What went out over SMTP is exactly the hub's own replies: the agent's mail was recorded, never re-sent.
    const hubReplies = transcript.filter((m) => m.direction === "outbound" && m.authorKind !== "agent");
    await smtp.waitFor(sentBefore + hubReplies.length);
    expect(
      smtp.mails
        .slice(sentBefore)
        .map((m) => m.parsed.messageId)
        .sort(),
    ).toEqual(hubReplies.map((m) => m.externalId).sort());
    expect(smtp.mails.some((m) => m.parsed.text?.includes("Hauptstr. 5."))).toBe(false);
  });

  it("robots are stored and never answered: a vacation reply without Auto-Submitted (in the customer's thread), a bounce without a report part, a no-reply sender; the hub mails none of them", async () => {
    hub = await startTestHub({ configYaml: configWithEmail(dovecot.port, smtp.port), env: env() });
    await eventually(async () => (await ready())["channel:email"]?.ok === true, 8000, "email ready");
    const sentBefore = smtp.mails.length;
    await dovecot.append(rawMail({ id: "<r1@customer.example>", subject: "Order 1234 late", body: "Where is my order 1234?" }));
    await eventually(async () => (await hub!.store.findMessageByExternalId("email", "<r1@customer.example>")) !== null, 8000, "customer mail stored");
    await hub.hub.settle();
    const conversationId = (await hub.store.findMessageByExternalId("email", "<r1@customer.example>"))!.conversationId;
    const answered = (await hub.store.listMessages(conversationId)).filter((m) => m.direction === "outbound");
    expect(answered.length).toBeGreaterThan(0); // a person's mail is answered
    const ours = answered.at(-1)!;
    await smtp.waitFor(sentBefore + answered.length);
    const addressBefore = (await hub.store.getConversation(conversationId))!.addresses.email;

    // The customer's vacation responder answers our reply: Apple's header and an "Auto reply:" subject, no Auto-Submitted.
    await dovecot.append(
      rawMail({
        id: "<vac@customer.example>",
        subject: "Auto reply: Re: Order 1234 late",
        headers: { "In-Reply-To": ours.externalId!, "X-Apple-Action": "VACATION" },
        body: "I am on holiday until 14 December.",
      }),
    );
    // Exim bounce without a delivery-status part; a carrier's no-reply notification.
    await dovecot.append(
      rawMail({
        id: "<bounce@mx.example>",
        from: "Mail Delivery System <Mailer-Daemon@mx.example>",
        subject: "Mail delivery failed: returning message to sender",
        headers: { "X-Failed-Recipients": "gone@example.org" },
        body: "A message that you sent could not be delivered. This is a permanent error.",
      }),
    );
    await dovecot.append(
      rawMail({ id: "<dhl@dhl.example>", from: "DHL Paket <noreply@dhl.example>", subject: "Ihre Sendung", body: "Ihre Sendung wird heute zugestellt." }),
    );
    for (const id of ["<vac@customer.example>", "<bounce@mx.example>", "<dhl@dhl.example>"]) {
      await eventually(async () => (await hub!.store.findMessageByExternalId("email", id)) !== null, 8000, `${id} stored`);
    }
    await hub.hub.settle();
    await new Promise((r) => setTimeout(r, 500));
    const vacation = (await hub.store.findMessageByExternalId("email", "<vac@customer.example>"))!;
    expect(vacation).toMatchObject({ conversationId, direction: "inbound", text: "I am on holiday until 14 December." });
    expect(vacation.decidedAt).not.toBeNull();
    const events = await hub.store.listEvents({ conversationId, type: "message.received" });
    expect(events.find((e) => e.data.messageId === vacation.id)?.data).toMatchObject({ automated: "auto_reply", reason: "X-Apple-Action: VACATION" });
    // Nothing answered the vacation reply, and the reply address still is the customer's own thread, not the auto-reply's.
    expect((await hub.store.listMessages(conversationId)).filter((m) => m.direction === "outbound")).toHaveLength(answered.length);
    expect((await hub.store.getConversation(conversationId))!.addresses.email).toEqual(addressBefore);
    for (const id of ["<bounce@mx.example>", "<dhl@dhl.example>"]) {
      const m = (await hub.store.findMessageByExternalId("email", id))!;
      expect((await hub.store.listMessages(m.conversationId)).filter((x) => x.direction === "outbound")).toEqual([]);
    }
    expect(
      smtp.mails
        .slice(sentBefore)
        .map((m) => m.to)
        .flat()
        .filter((to) => /noreply|mailer-daemon|holiday/i.test(to)),
    ).toEqual([]);
    expect(smtp.mails.length).toBe(sentBefore + answered.length);
  });

  it("a configured but unreachable IMAP server is reported on /readyz with the reason while the hub and other channels keep working", async () => {
    const closedPort = 1; // nothing listens on port 1 of loopback
    hub = await startTestHub({ configYaml: configWithEmail(closedPort, smtp.port), env: env() });
    await eventually(
      async () => /cannot reach the IMAP server 127\.0\.0\.1:1 \(ECONNREFUSED\); retrying/.test((await ready())["channel:email"]?.detail ?? ""),
      8000,
      "reported",
    );
    const checks = await ready();
    expect(checks["channel:email"]!.ok).toBe(false);
    expect(checks["channel:web"]!.ok).toBe(true);
    expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
  });

  it("without its variables the channel is reported disabled, naming them, and the hub starts", async () => {
    hub = await startTestHub({ configYaml: configWithEmail(dovecot.port, smtp.port), env: {} });
    expect(hub.hub.plan.find((p) => p.id === "email")).toMatchObject({ state: "disabled", reason: expect.stringContaining("EMAIL_PASSWORD is not set") });
    expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
  });
});
