import { describe, expect, it } from "vitest";
import type { PublicMessage } from "../../../src/adapters/web/protocol.js";
import { createMessageList } from "../../../src/adapters/web/widget/messages.js";

const pm = (id: string, text: string, over: Partial<PublicMessage> = {}): PublicMessage => ({
  id,
  text,
  direction: "outbound",
  authorKind: "ai",
  createdAt: `2025-05-01T10:00:0${id.slice(-1)}.000Z`,
  deliveryState: "sent",
  ...over,
});
const mine = (id: string, text: string) => pm(id, text, { direction: "inbound", authorKind: "customer", deliveryState: "received" });

describe("widget message list", () => {
  it("shows a message once whether the ack, the echo or a history poll comes first", () => {
    const list = createMessageList();
    list.addLocal("c1", "hello");
    list.upsert(mine("m1", "hello")); // the echo (HTTP send while a socket was open) before the ack
    list.confirm("c1", "m1");
    expect(list.items.map((m) => [m.id, m.text, m.state])).toEqual([["m1", "hello", "received"]]);

    list.addLocal("c2", "again");
    list.resync([mine("m1", "hello"), mine("m2", "again")]);
    list.confirm("c2", "m2");
    expect(list.items.map((m) => m.id)).toEqual(["m1", "m2"]);
  });

  it("keeps unconfirmed messages last, and never moves a state backwards", () => {
    const list = createMessageList();
    list.resync([mine("m1", "hi")]);
    list.addLocal("c2", "pending");
    list.upsert(pm("m3", "reply"));
    expect(list.items.map((m) => m.text)).toEqual(["hi", "reply", "pending"]);
    expect(list.unconfirmed().map((m) => m.clientMessageId)).toEqual(["c2"]);
    list.mark("m3", "read");
    list.upsert(pm("m3", "reply", { deliveryState: "delivered" }));
    expect(list.byId("m3")?.state).toBe("read");
  });

  it("shows the visitor's message read once a person or the AI answered, not after an automatic message", () => {
    const list = createMessageList();
    list.resync([mine("m1", "hi"), pm("m2", "Welcome!", { authorKind: "system" })]);
    expect(list.shownState(list.byId("m1")!)).toBe("received");
    list.upsert(pm("m3", "Let me check.", { authorKind: "agent" }));
    expect(list.shownState(list.byId("m1")!)).toBe("read");
  });

  it("keeps messages pushed after a history was read", () => {
    const list = createMessageList();
    list.upsert(pm("m5", "newest"));
    list.resync([mine("m1", "old")]);
    expect(list.items.map((m) => m.id)).toEqual(["m1", "m5"]);
    list.clear();
    expect(list.items).toEqual([]);
  });
});
