import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { actionSchema, type ActionConfig } from "../../../src/core/actions/schema.js";
import { createActionRunner, type ActionCall } from "../../../src/core/actions/runner.js";
import { openSqliteStore } from "../../../src/core/store/sqlite/sqlite-store.js";
import type { Store } from "../../../src/core/store/port.js";
import { captureLogs } from "../../helpers/log-capture.js";
import { SHOPIFY_TOKEN, WOO_KEY, WOO_SECRET, startShopStandIn, type ShopStandIn } from "../../fakes/shop-apis.js";

const NOW = new Date("2026-12-02T10:00:00Z");
let shop: ShopStandIn;
let store: Store;

beforeAll(async () => {
  shop = await startShopStandIn();
});
afterAll(async () => {
  await shop.close();
});
beforeEach(() => {
  store = openSqliteStore({ path: ":memory:" });
  shop.requests.length = 0;
  shop.failNext.length = 0;
  shop.delayNext.length = 0;
});

function action(extra: Record<string, unknown>): ActionConfig {
  return actionSchema.parse({
    description: "Look the order up",
    needs: ["order_id"],
    answers: [{ text: { en: "{{status}}" } }],
    url: "/admin/api/2025-01/orders.json?status=any&name={{order_id}}",
    headers: { "X-Shopify-Access-Token": SHOPIFY_TOKEN },
    result: { number: "orders[0].name", status: "orders[0].fulfillment_status", email: "orders[0].email" },
    found_when: "$exists(number)",
    ...extra,
  });
}

function call(values: Record<string, string>): ActionCall {
  return { values, conversationId: "cv-1", contactId: "ct-1", question: "where is my order", now: NOW };
}

function runner(actions: Record<string, ActionConfig>, logger = captureLogs().logger) {
  return createActionRunner({ actions, store, logger, baseUrl: () => shop.url, sleep: async () => {} });
}

describe("action runner against a local shop stand-in", () => {
  it("maps the response with JSONata and records the call as an event without header values", async () => {
    const r = runner({ lookup: action({}) });
    const out = await r.run("lookup", call({ order_id: "1001" }));
    expect(out).toEqual({ kind: "found", status: 200, values: { number: "#1001", status: "fulfilled", email: "bob.norman@mail.example.com" } });
    expect(shop.requests[0]!.query).toMatchObject({ name: "1001", status: "any" });
    const [event] = await store.listEvents({ type: "action.called" });
    expect(event!.data).toMatchObject({ action: "lookup", outcome: "found", status: 200, attempts: 1, path: "/admin/api/2025-01/orders.json" });
    expect(JSON.stringify(event!.data)).not.toContain(SHOPIFY_TOKEN);
  });

  it("treats an empty result and a 404 as not found, and a 401 as a failure", async () => {
    const woo = { url: "/wp-json/wc/v3/orders/{{order_id}}", found_when: undefined, result: { number: "number" } };
    const r = runner({
      lookup: action({}),
      woo: action({ ...woo, basic_auth: { username: WOO_KEY, password: WOO_SECRET } }),
      unauthorised: action(woo),
    });
    expect((await r.run("lookup", call({ order_id: "9999" }))).kind).toBe("not_found");
    expect((await r.run("woo", call({ order_id: "1" }))).kind).toBe("not_found");
    expect(await r.run("unauthorised", call({ order_id: "727" }))).toEqual({ kind: "failed", error: "HTTP 401" });
  });

  it("encodes values into the URL so a customer cannot change the path or host", async () => {
    const r = runner({ lookup: action({ url: "/wp-json/wc/v3/orders/{{order_id}}", found_when: undefined, result: { number: "number" } }) });
    await r.run("lookup", call({ order_id: "../../admin?x=1#y" }));
    expect(shop.requests[0]!.path).toBe("/wp-json/wc/v3/orders/..%2F..%2Fadmin%3Fx%3D1%23y");
  });

  it("retries a 5xx and succeeds, but never retries a 4xx", async () => {
    const r = runner({ lookup: action({ retries: 2 }) });
    shop.failNext.push(503, 502);
    const ok = await r.run("lookup", call({ order_id: "1001" }));
    expect(ok.kind).toBe("found");
    expect(shop.requests).toHaveLength(3);
    shop.requests.length = 0;
    shop.failNext.push(422);
    const refused = await r.run("lookup", call({ order_id: "1001" }));
    expect(refused).toEqual({ kind: "failed", error: "HTTP 422" });
    expect(shop.requests).toHaveLength(1);
  });

  it("reports a system that keeps failing or times out as failed, with the reason", async () => {
    const logs = captureLogs();
    const r = runner({ lookup: action({ retries: 1, timeout: "100ms" }) }, logs.logger);
    shop.failNext.push(503, 503);
    const down = await r.run("lookup", call({ order_id: "1001" }));
    expect(down.kind).toBe("failed");
    expect(down.kind === "failed" && down.error).toMatch(/after 2 attempt\(s\): HTTP 503/);
    shop.delayNext.push(2_000, 2_000);
    const slow = await r.run("lookup", call({ order_id: "1001" }));
    expect(slow.kind === "failed" && slow.error).toMatch(/timed out/);
    expect(logs.text()).not.toContain(SHOPIFY_TOKEN);
  });

  it("refuses a redirect to another host (no trip to private addresses)", async () => {
    const r = runner({ lookup: action({ url: "/redirect-out", allow_redirects: true }) });
    const out = await r.run("lookup", call({ order_id: "1" }));
    expect(out.kind === "failed" && out.error).toMatch(/refused redirect to 169\.254\.169\.254/);
  });

  it("stops at the rate limit and says so", async () => {
    const r = runner({ lookup: action({ rate_limit: { calls: 2, per: "1m" } }) });
    await r.run("lookup", call({ order_id: "1001" }));
    await r.run("lookup", call({ order_id: "1001" }));
    const third = await r.run("lookup", call({ order_id: "1001" }));
    expect(third.kind === "failed" && third.error).toMatch(/rate limit/);
    expect(shop.requests).toHaveLength(2);
  });

  it("sends writes with a JSON body and the same idempotency key for the same change", async () => {
    const cancel = action({
      method: "POST",
      url: "/orders/{{order_id}}/cancel",
      body: { reason: "{{reason}}" },
      result: { status: "status", key: "key" },
      found_when: undefined,
    });
    const r = runner({ cancel });
    const a = await r.run("cancel", call({ order_id: "1002", reason: 'changed "mind"' }));
    const b = await r.run("cancel", call({ order_id: "1002", reason: 'changed "mind"' }));
    expect(a.kind === "found" && a.values.key).toMatch(/^[0-9a-f]{40}$/);
    expect(a.kind === "found" && b.kind === "found" && a.values.key === b.values.key).toBe(true);
    expect(shop.requests[0]!.body).toEqual({ reason: 'changed "mind"' });
    const other = await r.run("cancel", call({ order_id: "1001", reason: "x" }));
    expect(other.kind === "found" && a.kind === "found" && other.values.key !== a.values.key).toBe(true);
  });
});
