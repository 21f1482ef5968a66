import { describe, expect, it } from "vitest";
import { checkAttributes, contactAttributes, setContactAttributes } from "../../../src/core/attributes/index.js";
import { manualClock } from "../../../src/core/clock.js";
import { attributesSchema, type AttributeDeclarations } from "../../../src/core/config/attributes-schema.js";
import { makeContact } from "../../../src/core/model/index.js";
import { openSqliteStore } from "../../../src/core/store/sqlite/sqlite-store.js";
import { loadConfigText } from "../../../src/core/config/load.js";
import { MODULES } from "../../../src/app/modules.js";
import { SHIPPED_CONFIG } from "../../helpers/hub.js";

const DECLS: AttributeDeclarations = attributesSchema.parse({
  tier: { type: "enum", values: ["standard", "vip"], label: "Tier" },
  orders: { type: "number", min: 0 },
  newsletter: { type: "boolean" },
  customer_since: { type: "date" },
  company: { type: "string", max_length: 20 },
});

describe("contact attributes: validation against the declarations", () => {
  it("accepts each type and stores canonical text", () => {
    expect(checkAttributes(DECLS, { tier: "VIP", orders: 12, newsletter: true, customer_since: "2024-02-29", company: "  Acme  " })).toEqual({
      ok: true,
      values: { tier: "vip", orders: "12", newsletter: "true", customer_since: "2024-02-29", company: "Acme" },
    });
    // Text from an agent's command works for numbers and booleans too.
    expect(checkAttributes(DECLS, { orders: "3.5", newsletter: "no" })).toEqual({ ok: true, values: { orders: "3.5", newsletter: "false" } });
    expect(checkAttributes(DECLS, { tier: null })).toEqual({ ok: true, values: { tier: null } });
  });

  it("refuses an unknown name or a bad value, naming the key", () => {
    const cases: [Record<string, string | number | boolean | null>, string, string][] = [
      [{ tier: "gold" }, "tier", "invalid_attribute"],
      [{ orders: -1 }, "orders", "invalid_attribute"],
      [{ orders: "12 items" }, "orders", "invalid_attribute"],
      [{ newsletter: "maybe" }, "newsletter", "invalid_attribute"],
      [{ customer_since: "2023-02-29" }, "customer_since", "invalid_attribute"],
      [{ customer_since: "31.01.2024" }, "customer_since", "invalid_attribute"],
      [{ company: "x".repeat(21) }, "company", "invalid_attribute"],
      [{ company: 42 }, "company", "invalid_attribute"],
      [{ tier: "vip", plan: "pro" }, "plan", "unknown_attribute"],
    ];
    for (const [input, key, code] of cases) {
      const checked = checkAttributes(DECLS, input);
      expect(checked.ok, JSON.stringify(input)).toBe(false);
      if (!checked.ok) {
        expect(checked.problem).toMatchObject({ key, code });
        expect(checked.problem.message).toContain(`"${key}"`);
      }
    }
    // Prototype keys are not declarations.
    expect(checkAttributes(DECLS, { constructor: "x" })).toMatchObject({ ok: false, problem: { code: "unknown_attribute" } });
  });

  it("config: types are validated by zod, and an attribute may not share a field's name", () => {
    expect(attributesSchema.safeParse({ Tier: { type: "string" } }).success).toBe(false);
    expect(attributesSchema.safeParse({ tier: { type: "enum", values: [] } }).success).toBe(false);
    expect(attributesSchema.safeParse({ tier: { type: "enum", values: ["a", "a"] } }).success).toBe(false);
    expect(attributesSchema.safeParse({ n: { type: "number", min: 5, max: 1 } }).success).toBe(false);
    expect(attributesSchema.safeParse({ tier: { type: "color" } }).success).toBe(false);
    const clash = SHIPPED_CONFIG.replace(/^attributes:\n/m, "attributes:\n  order_id: { type: string }\n");
    expect(() => loadConfigText(clash, "threadline.yaml", {}, MODULES)).toThrow(/attributes\.order_id.*also a field/s);
  });

  it("writes only what changed, with one event naming keys (not values), and nothing when nothing changed", async () => {
    const store = openSqliteStore({ path: ":memory:" });
    const clock = manualClock(new Date("2026-03-02T10:00:00Z"));
    const contact = await store.createContact(
      makeContact({ identities: [{ kind: "web", value: "vis_a" }], at: clock.now(), profile: { order_id: "NW-1", tier: "standard" } }),
      [],
    );
    const first = await setContactAttributes({ store, clock }, contact, {
      contactId: contact.id,
      values: { tier: "vip", orders: "3" },
      actor: "api",
      source: "api",
    });
    expect(first.changed).toEqual(["tier", "orders"]);
    expect(first.contact.profile).toEqual({ order_id: "NW-1", tier: "vip", orders: "3" });
    const again = await setContactAttributes({ store, clock }, first.contact, {
      contactId: contact.id,
      values: { tier: "vip" },
      name: undefined,
      actor: "api",
      source: "api",
    });
    expect(again.changed).toEqual([]);
    const removed = await setContactAttributes({ store, clock }, first.contact, {
      contactId: contact.id,
      values: { orders: null, absent: null },
      name: "Ana",
      actor: "agent:mia",
      source: "agent",
    });
    expect(removed).toMatchObject({ changed: ["orders"], nameChanged: true });
    expect(removed.contact).toMatchObject({ name: "Ana", profile: { order_id: "NW-1", tier: "vip" } });
    const events = await store.listEvents({ contactId: contact.id, type: "contact.attributes_set" });
    expect(events.map((e) => [e.actor, e.data])).toEqual([
      ["api", { keys: ["tier", "orders"], removed: [], name: false, source: "api" }],
      ["agent:mia", { keys: [], removed: ["orders"], name: true, source: "agent" }],
    ]);
    expect(JSON.stringify(events)).not.toContain("vip");
    expect(contactAttributes(DECLS, removed.contact.profile)).toEqual([{ key: "tier", label: "Tier", value: "vip" }]);
    await store.close();
  });
});
