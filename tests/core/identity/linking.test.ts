import { beforeEach, describe, expect, it } from "vitest";
import { linkOnMatch } from "../../../src/core/identity/index.js";
import { makeContact } from "../../../src/core/model/index.js";
import { email, setup, telegram, web, whatsappCloud } from "./helpers.js";

describe("linkOnMatch: what a channel vouches for links, what a customer types does not", () => {
  let env: ReturnType<typeof setup>;
  beforeEach(() => {
    env = setup();
  });

  it("merges automatically when a channel-vouched number belongs to another contact (phone = whatsapp, E.164)", async () => {
    const { store, clock, write } = env;
    // Ana shared her number on Telegram earlier (a Telegram contact share: vouched by Telegram).
    const tg = await write(telegram("1001", "hi"));
    const shared = await linkOnMatch(
      { store, clock },
      { contactId: tg.contactId, identity: { kind: "phone", value: "0049 151 1234-5678" }, evidence: "channel" },
    );
    expect(shared).toEqual({ status: "added", contactId: tg.contactId });
    // Today she writes on WhatsApp (Cloud API sender kind "phone"): ingest finds her already.
    clock.advance(3600_000);
    const wa = await write(whatsappCloud("+4915112345678", "it's me"));
    expect(wa.contactId).toBe(tg.contactId);

    // whatsapp-web.js reports kind "whatsapp": a different kind, same number → linked by match.
    const other = await store.createContact(makeContact({ identities: [{ kind: "web", value: "vis_9" }], at: clock.now() }), []);
    const outcome = await linkOnMatch(
      { store, clock },
      { contactId: other.id, identity: { kind: "whatsapp", value: "+49 151 12345678" }, evidence: "channel", conversationId: wa.conversationId },
    );
    expect(outcome.status).toBe("merged");
    if (outcome.status !== "merged") return;
    // The newer contact goes into the older one.
    expect(outcome.contactId).toBe(tg.contactId);
    expect((await store.getContact(other.id))?.mergedInto).toBe(tg.contactId);
    const merged = (await store.getContact(tg.contactId))!;
    expect(merged.identities.map((i) => `${i.kind}:${i.value}`).sort()).toEqual([
      "phone:+4915112345678",
      "telegram:1001",
      "web:vis_9",
      "whatsapp:+4915112345678",
    ]);
    const [event] = await store.listEvents({ type: "contact.merged" });
    expect(event).toMatchObject({ id: outcome.mergeEventIds[0], actor: "system", contactId: tg.contactId, conversationId: wa.conversationId });
    expect(event?.data).toMatchObject({ reason: "identity_match", identityKind: "whatsapp", record: { id: outcome.records[0]!.id } });
  });

  it("merges when the From address of an e-mail is the address another contact has", async () => {
    const { store, clock, write } = env;
    const first = await write(email("ana@example.com", "order question"));
    clock.advance(60_000);
    const chat = await write(web("vis_ana", "hello"));
    // E.g. the e-mail adapter saw a message from that web visitor's verified mailbox: vouched by the channel.
    const outcome = await linkOnMatch(
      { store, clock },
      { contactId: chat.contactId, identity: { kind: "email", value: " Ana@Example.com" }, evidence: "channel" },
    );
    expect(outcome).toMatchObject({ status: "merged", contactId: first.contactId });
    expect((await store.findContactByIdentity({ kind: "web", value: "vis_ana" }))?.id).toBe(first.contactId);
  });

  it("a typed address that belongs to someone else is a claim: no merge, verification needed", async () => {
    const { store, clock, write } = env;
    const victim = await write(email("ana@example.com", "my order"));
    clock.advance(60_000);
    const claimant = await write(web("vis_mallory", "my e-mail is ana@example.com"));
    const outcome = await linkOnMatch(
      { store, clock },
      { contactId: claimant.contactId, identity: { kind: "email", value: "ANA@example.com" }, evidence: "typed" },
    );
    expect(outcome).toEqual({ status: "verification_needed", claimed: { kind: "email", value: "ana@example.com" } });
    expect(await store.listEvents({ type: "contact.merged" })).toHaveLength(0);
    expect((await store.getContact(claimant.contactId))?.identities).toEqual([{ kind: "web", value: "vis_mallory" }]);
    expect((await store.getContact(victim.contactId))?.mergedInto).toBeNull();
  });

  it("a typed address nobody has is not stored as an identity (a later genuine message must not land with the claimant)", async () => {
    const { store, clock, write } = env;
    const claimant = await write(web("vis_mallory", "I am bob@example.com"));
    const outcome = await linkOnMatch(
      { store, clock },
      { contactId: claimant.contactId, identity: { kind: "email", value: "bob@example.com" }, evidence: "typed" },
    );
    expect(outcome.status).toBe("unverified");
    const bob = await write(email("bob@example.com", "hello"));
    expect(bob.contactId).not.toBe(claimant.contactId);
  });

  it("reports an identity the contact already has", async () => {
    const { store, clock, write } = env;
    const a = await write(telegram("1001", "hi"));
    expect(await linkOnMatch({ store, clock }, { contactId: a.contactId, identity: { kind: "telegram", value: " 1001 " }, evidence: "channel" })).toEqual({
      status: "already_linked",
      contactId: a.contactId,
    });
  });
});
