import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeContact, makeConversation, newId, type Conversation, type HandoffCard } from "../../src/core/model/index.js";
import { InvalidCursorError } from "../../src/core/store/inbox-cursor.js";
import type { InboxQuery, Store } from "../../src/core/store/port.js";

/**
 * The console's part of the Store contract (credentials, invites, sessions,
 * inbox paging). Every engine's test file calls this with a factory for a
 * fresh, empty store.
 */
export function describeConsoleContract(engineName: string, open: () => Promise<Store>, skipReason?: string): void {
  const suite = skipReason ? describe.skip : describe;
  suite(`Store contract (console): ${engineName}${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
    let store: Store;
    const t0 = new Date("2026-11-24T09:00:00.000Z");
    const at = (s: number) => new Date(t0.getTime() + s * 1000);

    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    const card = (queue: string, createdAt: Date): HandoffCard => ({
      goal: "g",
      stepsTried: [],
      risk: "low",
      rule: null,
      reason: "r",
      intent: null,
      confidence: null,
      fields: {},
      missingFields: [],
      articles: [],
      nextAction: "n",
      queue,
      priority: "normal",
      channel: "web",
      language: "en",
      languageNote: null,
      conversationUrl: "http://hub/console/c/x",
      slaDueAt: null,
      createdAt,
    });

    /** A conversation escalated at `escalatedAt` (seconds after t0) into `queue`, last active at `activeAt`. */
    async function escalated(escalatedAt: number, queue = "support", patch: Partial<Conversation> = {}, activeAt = escalatedAt): Promise<Conversation> {
      const contact = await store.createContact(makeContact({ name: "Ana", identities: [{ kind: "email", value: `${newId("ct")}@example.com` }], at: t0 }), []);
      const c = await store.createConversation({ ...makeConversation({ contactId: contact.id, channel: "web", at: at(activeAt), queue }) }, []);
      return (await store.updateConversation(c.id, { version: c.version }, { owner: "human", handoff: card(queue, at(escalatedAt)), ...patch }, []))!;
    }

    async function allPages(query: Omit<InboxQuery, "after">): Promise<string[][]> {
      const pages: string[][] = [];
      let after: string | null = null;
      do {
        const page = await store.listInbox({ ...query, after });
        pages.push(page.conversations.map((c) => c.id));
        after = page.next;
      } while (after && pages.length < 20);
      return pages;
    }

    it("an invite is redeemed once, sets the password and ends the agent's sessions; an expired or replaced one is refused", async () => {
      await store.createConsoleSession({ idHash: "s-old", agentId: "anna", csrfToken: "c", createdAt: t0, expiresAt: at(3600) });
      await store.createConsoleInvite({ tokenHash: "h1", agentId: "anna", createdAt: t0, expiresAt: at(600) });
      expect(await store.getConsolePassword("anna")).toBeNull();
      expect(await store.redeemConsoleInvite("nope", "pw", at(1))).toBeNull();
      expect(await store.redeemConsoleInvite("h1", "pw-hash-1", at(1))).toBe("anna");
      expect(await store.getConsolePassword("anna")).toBe("pw-hash-1");
      expect(await store.getConsoleSession("s-old", at(2))).toBeNull();
      // Once only.
      expect(await store.redeemConsoleInvite("h1", "pw-hash-2", at(2))).toBeNull();
      expect(await store.getConsolePassword("anna")).toBe("pw-hash-1");
      // Expired.
      await store.createConsoleInvite({ tokenHash: "h2", agentId: "anna", createdAt: at(10), expiresAt: at(20) });
      expect(await store.redeemConsoleInvite("h2", "pw-hash-3", at(20))).toBeNull();
      // A new invite replaces the agent's earlier unused one, not other agents' invites.
      await store.createConsoleInvite({ tokenHash: "h3", agentId: "anna", createdAt: at(30), expiresAt: at(600) });
      await store.createConsoleInvite({ tokenHash: "b1", agentId: "ben", createdAt: at(30), expiresAt: at(600) });
      await store.createConsoleInvite({ tokenHash: "h4", agentId: "anna", createdAt: at(31), expiresAt: at(600) });
      expect(await store.redeemConsoleInvite("h3", "x", at(32))).toBeNull();
      expect(await store.redeemConsoleInvite("b1", "ben-hash", at(32))).toBe("ben");
      expect(await store.redeemConsoleInvite("h4", "pw-hash-4", at(32))).toBe("anna");
      expect(await store.getConsolePassword("anna")).toBe("pw-hash-4");
      expect(await store.getConsolePassword("ben")).toBe("ben-hash");
    });

    it("two concurrent redemptions of one invite: exactly one wins", async () => {
      await store.createConsoleInvite({ tokenHash: "race", agentId: "anna", createdAt: t0, expiresAt: at(600) });
      const results = await Promise.all([store.redeemConsoleInvite("race", "a", at(1)), store.redeemConsoleInvite("race", "b", at(1))]);
      expect(results.filter((r) => r === "anna")).toHaveLength(1);
    });

    it("sessions: found until they expire, ended one by one or all of an agent's at once", async () => {
      for (const [id, agent] of [
        ["s1", "anna"],
        ["s2", "anna"],
        ["s3", "ben"],
      ] as const) {
        await store.createConsoleSession({ idHash: id, agentId: agent, csrfToken: `csrf-${id}`, createdAt: t0, expiresAt: at(100) });
      }
      expect(await store.getConsoleSession("s1", at(99))).toEqual({ idHash: "s1", agentId: "anna", csrfToken: "csrf-s1", createdAt: t0, expiresAt: at(100) });
      expect(await store.getConsoleSession("s1", at(100))).toBeNull();
      await store.deleteConsoleSession("s3");
      expect(await store.getConsoleSession("s3", at(1))).toBeNull();
      expect(await store.deleteConsoleSessionsOf("anna")).toBe(2);
      expect(await store.getConsoleSession("s2", at(1))).toBeNull();
    });

    it("inbox 'waiting': escalated open conversations, longest wait first, paged by cursor without gaps or repeats", async () => {
      const ids: string[] = [];
      for (const s of [50, 10, 40, 20, 30]) ids.push((await escalated(s)).id);
      await escalated(5, "support", { status: "resolved" }); // not waiting any more
      const contact = await store.createContact(makeContact({ name: "Bo", identities: [{ kind: "email", value: "bo@example.com" }], at: t0 }), []);
      await store.createConversation(makeConversation({ contactId: contact.id, channel: "web", at: t0 }), []); // AI-owned
      const byWait = [ids[1], ids[3], ids[4], ids[2], ids[0]];
      const pages = await allPages({ statuses: ["open"], owner: "human", order: "waiting", limit: 2 });
      expect(pages).toEqual([byWait.slice(0, 2), byWait.slice(2, 4), byWait.slice(4)]);
      const one = await store.listInbox({ statuses: ["open"], owner: "human", order: "waiting", limit: 5 });
      expect(one.conversations.map((c) => c.id)).toEqual(byWait);
      expect(one.next).toBeNull();
    });

    it("inbox filters: unassigned, one agent's, some queues; 'recent' is latest activity first", async () => {
      const a = await escalated(10, "billing", { assignee: "anna" }, 100);
      const b = await escalated(20, "support", {}, 300);
      const c = await escalated(30, "billing", {}, 200);
      const d = await escalated(40, "sales", { assignee: "anna", status: "resolved" }, 400);
      const ids = async (q: Omit<InboxQuery, "limit">) => (await store.listInbox({ ...q, limit: 10 })).conversations.map((x) => x.id);
      expect(await ids({ statuses: ["open"], owner: "human", assignee: null, order: "waiting" })).toEqual([b.id, c.id]);
      expect(await ids({ statuses: ["open", "snoozed"], assignee: "anna", order: "recent" })).toEqual([a.id]);
      expect(await ids({ statuses: ["open"], owner: "human", queues: ["billing"], order: "waiting" })).toEqual([a.id, c.id]);
      expect(await ids({ statuses: ["open"], owner: "human", queues: [], order: "waiting" })).toEqual([]);
      expect(await ids({ statuses: ["resolved", "closed"], order: "recent" })).toEqual([d.id]);
      expect(await allPages({ statuses: ["open", "resolved"], order: "recent", limit: 3 })).toEqual([[d.id, b.id, c.id], [a.id]]);
    });

    it("a cursor that no page produced is refused", async () => {
      await expect(store.listInbox({ statuses: ["open"], order: "waiting", limit: 2, after: "not-a-cursor" })).rejects.toBeInstanceOf(InvalidCursorError);
    });
  });
}
