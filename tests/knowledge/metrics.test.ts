import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { openSqliteStore } from "../../src/core/store/sqlite/sqlite-store.js";
import { silentLogger } from "../../src/core/logger.js";
import { makeContact, makeConversation, makeInboundMessage } from "../../src/core/model/index.js";
import { createKnowledgeBase, formatKnowledgeMetrics, GUARD_EVENT } from "../../src/knowledge/index.js";
import { shippedKnowledgeSettings, testClock } from "./helpers/kb.js";

describe("knowledge base metrics and digest on the demo content", () => {
  it("counts articles by state, expiring ones, and formats Prometheus lines", async () => {
    const clock = testClock(new Date("2026-11-24T09:00:00Z"));
    const kb = createKnowledgeBase({
      settings: shippedKnowledgeSettings(),
      dir: resolve("config/knowledge"),
      store: openSqliteStore({ path: ":memory:" }),
      clock,
      logger: silentLogger(),
      git: false,
    });
    await kb.reload();
    await kb.search("refund");
    const m = kb.metrics();
    expect(m.articles).toEqual({ total: 17, draft: 1, published: 15, archived: 1, servable: 15, expired: 0, notYetValid: 0 });
    expect(m).toMatchObject({ expiringSoon: 1, reviewDue: 0, lint: { errors: 0, warnings: 1, keptPrevious: 0 }, versionsCreated: 17 });
    expect(m.searches.count).toBe(1);
    const text = await formatKnowledgeMetrics(m);
    expect(text).toContain('threadline_kb_articles{status="published"} 15\n');
    expect(text).toContain("threadline_kb_articles_expiring_soon 1\n");
    expect(text).toContain('threadline_kb_lint_problems{severity="error"} 0\n');
    expect(kb.digest()).toBe(
      "Knowledge base: 1 article needs attention (2026-11-24)\n" +
        "• Black Week 2026: extended returns and shipping cut-offs (black-week-2026, black-week-2026.md) — expires 2026-12-03 — owner: Ana Costa (Marketing)",
    );

    // Time passes, no reload: the Black Week article expires and stops answering.
    clock.set(new Date("2026-12-03T00:00:00Z"));
    expect(kb.metrics().articles).toMatchObject({ servable: 14, expired: 1 });
    expect((await kb.search("black week discount codes")).map((h) => h.articleId)).not.toContain("black-week-2026");
    expect(kb.expiringSoon().map((e) => [e.articleId, e.kind])).toEqual([["black-week-2026", "expired"]]);
  });

  it("never answers from the archived or draft demo articles", async () => {
    const kb = createKnowledgeBase({
      settings: shippedKnowledgeSettings(),
      dir: resolve("config/knowledge"),
      store: openSqliteStore({ path: ":memory:" }),
      clock: testClock(),
      logger: silentLogger(),
      git: false,
    });
    await kb.reload();
    const ids = async (q: string) => (await kb.search(q, { limit: 20, audience: "internal" })).map((h) => h.articleId);
    expect(await ids("free returns UK Royal Mail label")).not.toContain("uk-free-returns-2025");
    expect(await ids("gift card code balance")).not.toContain("gift-cards");
    expect(await ids("goodwill late returns")).toContain("goodwill-refunds");
    expect((await kb.search("goodwill late returns")).map((h) => h.articleId)).not.toContain("goodwill-refunds");
  });

  it("guards the decisions it wraps with the configured rules, counting hits in the metrics", async () => {
    const store = openSqliteStore({ path: ":memory:" });
    const clock = testClock();
    const kb = createKnowledgeBase({
      settings: shippedKnowledgeSettings(),
      dir: resolve("config/knowledge"),
      store,
      clock,
      logger: silentLogger(),
      git: false,
    });
    await kb.reload();
    const contact = await store.createContact(makeContact({ identities: [], at: clock.now() }), []);
    const conversation = await store.createConversation(makeConversation({ contactId: contact.id, channel: "web", at: clock.now() }), []);
    const message = makeInboundMessage({
      conversationId: conversation.id,
      contactId: contact.id,
      channel: "web",
      externalId: "x",
      text: "refund?",
      at: clock.now(),
    });
    const decide = kb.guardDecisions(async () => ({ replies: [{ kind: "answer", text: "We'll refund you today, guaranteed.", authorKind: "ai" }] }));
    const decision = await decide({ message, conversation, contact, isNewConversation: true, now: clock.now() });
    expect(decision.replies).toEqual([]);
    expect(decision.notes).toMatchObject({ escalate: "forbidden_phrase" });
    expect(kb.metrics().guard).toEqual({ blocked: 1, rewritten: 0 });
    expect(await store.listEvents({ type: GUARD_EVENT })).toHaveLength(1);
    expect(await formatKnowledgeMetrics(kb.metrics())).toContain('threadline_kb_guard_hits_total{action="block"} 1\n');
  });
});
